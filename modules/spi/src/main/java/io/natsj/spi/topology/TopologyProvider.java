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
}
