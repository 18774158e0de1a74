package io.natsj.spi;

/**
 * A plugin found through {@link java.util.ServiceLoader}. Every provider names the top-level
 * config key whose section it is given (for example {@code tls}, {@code cluster},
 * {@code websocket}), and receives that section only, never the whole server configuration.
 *
 * <p>The kernel uses {@link #configKey()} twice: to hand the section over, and to say clearly
 * which plugin is missing when a configuration uses a key that no plugin in the runtime image
 * claims.
 */
public interface ConfiguredProvider {

    /**
     * The short plugin name used on the command line of the image builder and in log lines,
     * for example {@code tcp} or {@code tls}.
     *
     * @return the plugin's short name, lower case
     */
    String name();

    /**
     * The top-level configuration key whose section this provider receives.
     *
     * @return a key of the server configuration, for example {@code "cluster"}
     */
    String configKey();

    /**
     * Top-level keys nats-server reads for this plugin outside its section (JetStream's
     * {@code store_dir}); the kernel counts them as the plugin's when it checks the
     * configuration's keys.
     *
     * @return lower-case keys, empty for most plugins
     */
    default java.util.Set<String> otherKeys() {
        return java.util.Set.of();
    }
}
