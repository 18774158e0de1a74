/**
 * The natsj service-provider interfaces. The kernel {@code uses} each of them and finds the
 * providers with {@link java.util.ServiceLoader}; a plugin module {@code provides} one or more
 * of them and depends on nothing else of natsj.
 */
module io.natsj.spi {
    requires transitive typesafe.config;
    // Config reading helpers (Go durations, size suffixes, keys used as $variables) that
    // every plugin reading a nats-server section needs, shared instead of copied.
    requires transitive io.natsj.config;
    requires transitive io.netty.transport;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires transitive io.netty.handler;

    exports io.natsj.spi;
    exports io.natsj.spi.transport;
    exports io.natsj.spi.tls;
    exports io.natsj.spi.topology;
    exports io.natsj.spi.topology.wire;
    exports io.natsj.spi.auth;
    exports io.natsj.spi.auth.config;
    exports io.natsj.spi.store;
    exports io.natsj.spi.service;
    exports io.natsj.spi.subject;
}
