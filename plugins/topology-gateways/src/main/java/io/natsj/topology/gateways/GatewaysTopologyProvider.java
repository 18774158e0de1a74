package io.natsj.topology.gateways;

import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyProvider;
import io.natsj.spi.topology.TopologyRequest;

/**
 * The {@code gateways} topology: clusters joined into a super-cluster with nats-server's
 * gateway protocol, configured by the {@code gateway} section (nats-server has no gateway
 * command-line flags).
 */
public final class GatewaysTopologyProvider implements TopologyProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public GatewaysTopologyProvider() {
    }

    @Override
    public String name() {
        return "gateways";
    }

    @Override
    public String configKey() {
        return "gateway";
    }

    /**
     * Checks the section, opens the gateway listener and starts dialling the configured gateways.
     *
     * @param request the {@code gateway} section and the kernel's services
     * @return the running super-cluster membership
     * @throws io.natsj.spi.PluginException naming the key when the section is invalid or uses an
     *         option natsj does not build yet, or when the listener cannot open
     */
    @Override
    public Topology start(TopologyRequest request) {
        SuperCluster cluster = new SuperCluster(request, GatewayOptions.read(request.config()));
        cluster.start();
        return cluster;
    }

    /**
     * Checks the {@code gateway} section without opening anything.
     *
     * @param section the section
     * @throws io.natsj.spi.PluginException naming the key at fault
     */
    @Override
    public void check(com.typesafe.config.Config section) {
        GatewayOptions.read(section);
    }
}
