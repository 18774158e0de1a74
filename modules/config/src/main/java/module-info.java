/**
 * Reads server configuration: HOCON natively (typesafe-config) and nats-server's own config
 * format unchanged, both into one {@code com.typesafe.config.Config} tree.
 */
module io.natsj.config {
    requires transitive typesafe.config;

    exports io.natsj.config;
    exports io.natsj.config.cli;
}
