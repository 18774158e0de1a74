package io.natsj.topology.leafnodes;

import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyProvider;
import io.natsj.spi.topology.TopologyRequest;

/**
 * The {@code leafnodes} topology: a hub's listener for leaf connections and a leaf's remotes
 * to its hubs, over nats-server's leaf protocol.
 */
public final class LeafnodesTopologyProvider implements TopologyProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public LeafnodesTopologyProvider() {
    }

    @Override
    public String name() {
        return "leafnodes";
    }

    @Override
    public String configKey() {
        return "leafnodes";
    }

    /**
     * Checks the section, opens the leaf listener when a port is set and starts dialling the
     * remotes.
     *
     * @param request the {@code leafnodes} section and the kernel's services
     * @return the running leaf nodes
     * @throws io.natsj.spi.PluginException naming the key when the section is invalid or uses an
     *         option natsj does not build yet, or when the listener cannot open
     */
    @Override
    public Topology start(TopologyRequest request) {
        LeafNodes leaves = new LeafNodes(request, LeafOptions.read(request.config()));
        leaves.start();
        return leaves;
    }
}
