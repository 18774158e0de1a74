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
}
