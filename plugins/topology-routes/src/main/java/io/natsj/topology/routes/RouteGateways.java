package io.natsj.topology.routes;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.topology.ClusterGateways;
import io.natsj.spi.topology.LocalServer;
import java.util.List;
import java.util.Map;

/**
 * What routes carry for this server's gateways, as nats-server 2.9.10's route protocol does:
 * each peer's {@code gateway_url} (from its first INFO, forgotten when its last connection
 * goes), and route INFOs with {@code gateway_cmd} 1 telling of another cluster, sent when this
 * server's gateways connect to one and to each new peer. It goes through the SPI's
 * {@link ClusterGateways}, never to the gateways plugin itself; without a gateway section it
 * carries nothing.
 */
final class RouteGateways implements ClusterGateways.RouteSide {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");
    /** nats-server's gatewayCmdGossip. */
    static final int CMD_GOSSIP = 1;

    private final ClusterGateways shared;
    private final ServerIdentity identity;
    private final RouteRegistry registry;

    RouteGateways(LocalServer local, ServerIdentity identity, RouteRegistry registry) {
        this.shared = local.clusterGateways();
        this.identity = identity;
        this.registry = registry;
    }

    /** Starts forwarding what the gateways plugin asks to. */
    void attach() {
        shared.attachRoutes(this);
    }

    /**
     * A peer's first connection is registered: its gateway URL joins the cluster's, and it hears
     * of the clusters this server has an outbound gateway connection to.
     *
     * @param c that connection
     */
    void registered(RouteConnection c) {
        shared.peerUrl(c.remoteId(), c.remoteInfo().gatewayUrl);
        for (Map.Entry<String, List<String>> e : shared.outbound().entrySet()) {
            if (!e.getValue().isEmpty()) {
                c.send(line(e.getKey(), e.getValue(), false));
            }
        }
    }

    /** @param id a peer whose last connection went */
    void gone(String id) {
        shared.peerUrl(id, null);
    }

    /**
     * A later route INFO naming a gateway: a peer tells of another cluster.
     *
     * @param c the route it came on
     * @param info that INFO
     */
    void received(RouteConnection c, RouteInfo info) {
        if (info.gatewayCmd != CMD_GOSSIP) {
            LOG.log(System.Logger.Level.ERROR, () -> "Unknown command " + info.gatewayCmd + " from server "
                    + c.remoteId());
            return;
        }
        if (!shared.learned(info.gateway, info.gatewayUrls)) {
            LOG.log(System.Logger.Level.ERROR, () -> "Received information about gateway \"" + info.gateway
                    + "\" from " + c.remoteId() + ", but gateway is not configured");
        }
    }

    @Override
    public void forward(String gateway, List<String> urls) {
        String line = line(gateway, urls, true);
        for (RouteConnection c : registry.firstOfOtherPeers("")) {
            c.send(line);
        }
    }

    /**
     * The id is not ours ("GW" + ours, as nats-server): an older peer reading it as gossip
     * about another server then finds no address to dial.
     */
    private String line(String gateway, List<String> urls, boolean withName) {
        RouteInfo info = new RouteInfo();
        info.serverId = "GW" + identity.serverId();
        info.serverName = withName ? identity.serverName() : "";
        info.gateway = gateway;
        info.gatewayUrls = List.copyOf(urls);
        info.gatewayCmd = CMD_GOSSIP;
        return "INFO " + GoJson.write(info) + "\r\n";
    }
}
