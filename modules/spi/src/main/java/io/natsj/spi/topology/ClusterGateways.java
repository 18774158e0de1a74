package io.natsj.spi.topology;

import java.util.List;
import java.util.Map;

/**
 * What the routes of a cluster carry for its gateways, as nats-server 2.9.10's route protocol
 * does, so that the routes and gateways plugins never call each other:
 * <ul>
 * <li>each server's gateway URL in its route INFO ({@code gateway_url}): every server of the
 *     cluster then knows the gateway URLs of the whole cluster and gives them to other
 *     clusters (gateway INFO {@code gateway_urls}), which redial another server of the cluster
 *     when the one they dialled goes;</li>
 * <li>the other clusters a server has an outbound gateway connection to, as route INFOs with
 *     {@code gateway}, {@code gateway_urls} and {@code gateway_cmd} 1: when the connection is
 *     made and to each new route peer, so that every server of a cluster connects to every
 *     other cluster.</li>
 * </ul>
 * The kernel holds one per server ({@link LocalServer#clusterGateways()}); the gateways
 * plugin attaches a {@link GatewaySide}, the routes plugin a {@link RouteSide}. Either may be
 * absent: without a gateway nothing is carried; without routes nothing is forwarded.
 * Thread-safe; the calls come when connections come and go, never per message.
 */
public final class ClusterGateways {

    /** The gateways plugin's side. Called on route event loops: must not block. */
    public interface GatewaySide {

        /**
         * The gateway URLs of this cluster changed (a route peer with a gateway came or went):
         * nats-server sends its gateway INFO again to inbound gateway connections.
         *
         * @param urls this server's gateway URL first, then its route peers' ({@code host:port})
         */
        void clusterUrlsChanged(List<String> urls);

        /**
         * A route peer tells of another cluster it has an outbound gateway connection to.
         *
         * @param gateway that cluster's gateway name
         * @param urls its gateway URLs ({@code host:port})
         */
        void learned(String gateway, List<String> urls);

        /** @return the other clusters this server has an outbound connection to: name to URLs */
        Map<String, List<String>> outbound();
    }

    /** The routes plugin's side. */
    public interface RouteSide {

        /**
         * Sends every route peer a route INFO telling of another cluster ({@code gateway_cmd} 1).
         *
         * @param gateway that cluster's gateway name
         * @param urls its gateway URLs ({@code host:port})
         */
        void forward(String gateway, List<String> urls);
    }

    private final PeerUrlTable peerUrls = new PeerUrlTable();
    private volatile String ownUrl;
    private volatile GatewaySide gateways;
    private volatile RouteSide routes;

    /**
     * Called by the gateways plugin once its listener is up, before routes connect (nats-server
     * starts gateways first; natsj's routes dial a moment after start-up).
     *
     * @param url this server's gateway URL ({@code host:port}), put in route INFO
     * @param side told of what routes learn
     */
    public void attachGateways(String url, GatewaySide side) {
        this.ownUrl = url;
        this.gateways = side;
    }

    /** @param side sends gateway gossip to route peers */
    public void attachRoutes(RouteSide side) {
        this.routes = side;
    }

    /** @return this server's gateway URL for route INFO {@code gateway_url}, or null without a gateway */
    public String ownUrl() {
        return ownUrl;
    }

    /** @return this server's gateway URL first, then those of its route peers */
    public synchronized List<String> clusterUrls() {
        return peerUrls.list(ownUrl);
    }

    /**
     * Routes: a route peer's gateway URL, from its route INFO, or its departure.
     *
     * @param peerId the peer's server id
     * @param url its {@code gateway_url}, or null (or empty) when it has none or is gone
     */
    public void peerUrl(String peerId, String url) {
        List<String> now;
        synchronized (this) {
            if (!peerUrls.put(peerId, url)) {
                return;
            }
            now = clusterUrls();
        }
        GatewaySide g = gateways;
        if (g != null) {
            g.clusterUrlsChanged(now);
        }
    }

    /**
     * Routes: a route peer told of another cluster (route INFO {@code gateway_cmd} 1).
     *
     * @param gateway that cluster's name
     * @param urls its gateway URLs
     * @return false when this server has no gateway (nats-server logs an error then)
     */
    public boolean learned(String gateway, List<String> urls) {
        GatewaySide g = gateways;
        if (g == null) {
            return false;
        }
        g.learned(gateway, urls == null ? List.of() : urls);
        return true;
    }

    /** @return for a new route peer: the clusters this server has an outbound gateway connection to */
    public Map<String, List<String>> outbound() {
        GatewaySide g = gateways;
        return g == null ? Map.of() : g.outbound();
    }

    /**
     * Gateways: tells the cluster's other servers of a cluster this one is connected to.
     *
     * @param gateway that cluster's name
     * @param urls its gateway URLs
     */
    public void forward(String gateway, List<String> urls) {
        RouteSide r = routes;
        if (r != null) {
            r.forward(gateway, urls);
        }
    }
}
