package io.natsj.topology.routes;

import io.natsj.spi.topology.LocalServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
/**
 * The client URLs each connected peer advertises, merged into the list the kernel gives its
 * clients (their INFO's {@code connect_urls}), unless {@code no_advertise} is set; and its
 * WebSocket URLs ({@code ws_connect_urls}), which the kernel gives its WebSocket clients.
 *
 * <p>Not thread-safe: guarded by the {@link RouteRegistry}'s lock, because the URLs change
 * exactly when a route is registered, updated or lost.
 */
final class PeerClientUrls {

    private final LocalServer local;
    private final ClusterOptions options;
    private final Map<String, List<String>> byPeer = new LinkedHashMap<>();
    private final Map<String, List<String>> wsByPeer = new LinkedHashMap<>();
    private List<String> published = List.of();
    private List<String> wsPublished = List.of();

    /**
     * @param local told the merged list when it changes
     * @param options the {@code cluster} section ({@code no_advertise})
     */
    PeerClientUrls(LocalServer local, ClusterOptions options) {
        this.local = local;
        this.options = options;
    }

    /**
     * @param id a peer's server id
     * @param urls its client URLs now, or null (or empty) when it has none or is gone
     * @param wsUrls its WebSocket URLs now (route INFO {@code ws_connect_urls}), or null (or
     *        empty) when it has none or is gone
     */
    void set(String id, List<String> urls, List<String> wsUrls) {
        put(byPeer, id, urls);
        put(wsByPeer, id, wsUrls);
        if (options.noAdvertise()) {
            return;
        }
        List<String> all = merged(byPeer);
        // Only a real change reaches the kernel, which re-sends INFO to its clients on each call.
        if (!all.equals(published)) {
            published = all;
            local.peerClientUrls(all);
        }
        List<String> ws = merged(wsByPeer);
        if (!ws.equals(wsPublished)) {
            wsPublished = ws;
            local.peerWebSocketConnectUrls(ws);
        }
    }

    /**
     * Route INFO {@code leafnode_urls}: a peer's leaf URL (nats-server sends one at most) goes to
     * the leaves of this server whatever the {@code cluster} section's {@code no_advertise} says
     * (the peer's {@code leafnodes.no_advertise} decides whether it sends one).
     *
     * @param id a peer's server id
     * @param urls its route INFO's {@code leafnode_urls}, or null when it is gone
     */
    void leafUrls(String id, List<String> urls) {
        local.clusterLeafUrls().peerUrl(id, urls == null || urls.size() != 1 ? null : urls.get(0));
    }

    private static void put(Map<String, List<String>> map, String id, List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            map.remove(id);
        } else {
            map.put(id, List.copyOf(urls));
        }
    }

    private static List<String> merged(Map<String, List<String>> map) {
        return map.values().stream().flatMap(List::stream).distinct().toList();
    }
}
