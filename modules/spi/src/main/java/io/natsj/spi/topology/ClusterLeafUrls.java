package io.natsj.spi.topology;

import java.util.List;

/**
 * The leaf-node URLs of a cluster, carried by its routes as nats-server 2.9.10 carries them,
 * so that the routes and leaf-nodes plugins never call each other: each server puts its leaf
 * listener's URL in its route INFO ({@code leafnode_urls}, one URL, left out with
 * {@code leafnodes.no_advertise}); every server then gives its leaves its own URL and its
 * route peers' ({@code leafnode_urls} of the leaf INFO, re-sent as the peers come and go), and
 * a leaf adds them to the URLs its remote redials, so it reaches another server of the hub
 * cluster when the one it was connected to goes.
 *
 * <p>The kernel holds one per server ({@link LocalServer#clusterLeafUrls()}); the leaf-nodes
 * plugin attaches a {@link LeafSide}, the routes plugin reports its peers' URLs. Either may
 * be absent. Thread-safe; the calls come when connections come and go, never per message.
 */
public final class ClusterLeafUrls {

    /** The leaf-nodes plugin's side. Called on route event loops: must not block. */
    public interface LeafSide {

        /**
         * A route peer's leaf URL came or went: nats-server sends its leaves an asynchronous
         * INFO with the new {@code leafnode_urls}.
         *
         * @param peerUrls the route peers' leaf URLs ({@code host:port}), this server's not included
         */
        void peerUrlsChanged(List<String> peerUrls);
    }

    private final PeerUrlTable peerUrls = new PeerUrlTable();
    private volatile String ownUrl;
    private volatile LeafSide leaves;

    /**
     * Called by the leaf-nodes plugin once its listener is up, before routes connect.
     *
     * @param url this server's leaf URL ({@code host:port}) for route INFO, or null to keep it
     *        from the route peers ({@code leafnodes.no_advertise})
     * @param side told when the peers' URLs change
     */
    public void attachLeafnodes(String url, LeafSide side) {
        this.ownUrl = url;
        this.leaves = side;
    }

    /** @return this server's leaf URL for route INFO {@code leafnode_urls}, or null */
    public String ownUrl() {
        return ownUrl;
    }

    /** @return the route peers' leaf URLs ({@code host:port}), each once, in the order they came */
    public synchronized List<String> peerUrls() {
        return peerUrls.list(null);
    }

    /**
     * Routes: a route peer's leaf URL, from its route INFO, or its departure.
     *
     * @param peerId the peer's server id
     * @param url its leaf URL, or null (or empty) when it has none or is gone
     */
    public void peerUrl(String peerId, String url) {
        List<String> now;
        synchronized (this) {
            if (!peerUrls.put(peerId, url)) {
                return;
            }
            now = peerUrls();
        }
        LeafSide l = leaves;
        if (l != null) {
            l.peerUrlsChanged(now);
        }
    }
}
