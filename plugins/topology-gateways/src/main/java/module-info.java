/**
 * Super-clusters over nats-server's gateway protocol: a gateway listener, one outbound gateway
 * connection per other cluster (configured or discovered), interest-only forwarding of messages
 * between clusters, and /gatewayz.
 */
module io.natsj.topology.gateways {
    requires io.natsj.spi;
    requires com.fasterxml.jackson.databind;

    provides io.natsj.spi.topology.TopologyProvider
        with io.natsj.topology.gateways.GatewaysTopologyProvider;
}
