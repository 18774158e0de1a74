/**
 * Leaf nodes over nats-server's leaf protocol: a hub's listener for leaf connections and a
 * leaf's remotes to its hubs, each connection bound to one account on each side.
 *
 * <p>First milestone: the {@code leafnodes} section is read and checked here; the
 * TopologyProvider that runs it is not registered yet, so an image with this module does not
 * claim the section and a config that has one still fails at start-up.
 */
module io.natsj.topology.leafnodes {
    requires io.natsj.spi;
}
