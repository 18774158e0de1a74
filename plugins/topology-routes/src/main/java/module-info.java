/**
 * Clustering over nats-server's route protocol: a cluster listener, routes solicited to the
 * configured and gossiped peers, interest and messages one hop across them, and /routez.
 */
module io.natsj.topology.routes {
    requires io.natsj.spi;
    requires com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;

    opens io.natsj.topology.routes to com.fasterxml.jackson.databind;

    provides io.natsj.spi.topology.TopologyProvider
        with io.natsj.topology.routes.RoutesTopologyProvider;
}
