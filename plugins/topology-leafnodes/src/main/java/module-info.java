/**
 * Leaf nodes over nats-server's leaf protocol: a hub's listener for leaf connections and a
 * leaf's remotes to its hubs, each connection bound to one account on each side, and /leafz.
 */
module io.natsj.topology.leafnodes {
    requires io.natsj.spi;
    requires io.natsj.nkeys;
    requires com.fasterxml.jackson.databind;

    provides io.natsj.spi.topology.TopologyProvider
        with io.natsj.topology.leafnodes.LeafnodesTopologyProvider;
}
