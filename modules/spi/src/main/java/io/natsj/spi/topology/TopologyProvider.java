package io.natsj.spi.topology;

/**
 * Routes, gateways or leaf nodes. Started by the kernel when its config section is present.
 */
public interface TopologyProvider extends io.natsj.spi.ConfiguredProvider {

    /**
     * @param request the plugin's section and the kernel services it may use
     * @return the running topology
     * @throws io.natsj.spi.PluginException when the section is invalid or a listener cannot open
     */
    Topology start(TopologyRequest request);

    /**
     * Checks the section as {@link #start} would, opening nothing: the kernel calls it before
     * the client listener opens (and for {@code -t}), so that a bad section stops the server
     * before clients could connect, as nats-server refuses a bad configuration.
     *
     * @param section the plugin's section, as {@link TopologyRequest#config()} would give it
     * @throws io.natsj.spi.PluginException naming the key at fault
     */
    default void check(com.typesafe.config.Config section) {
    }
}
