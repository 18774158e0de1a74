package io.natsj.spi.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One URL per route peer, keyed by the peer's server id, as a cluster's route INFOs gossip them
 * (a gateway's {@code gateway_url}, a leaf listener's {@code leafnode_urls}): a peer's URL
 * replaces its earlier one and goes with the peer, and two peers advertising the same URL
 * (an {@code advertise} shared behind a load balancer) are listed once.
 *
 * <p>Not thread-safe: its owner ({@link ClusterGateways}, {@link ClusterLeafUrls}) guards it.
 */
final class PeerUrlTable {

    private final Map<String, String> urls = new LinkedHashMap<>();

    /**
     * Records a peer's URL, or its departure.
     *
     * @param peerId the peer's server id
     * @param url its URL, or null (or empty) when it has none or is gone
     * @return true when this changed the table
     */
    boolean put(String peerId, String url) {
        String value = url == null || url.isEmpty() ? null : url;
        String before = value == null ? urls.remove(peerId) : urls.put(peerId, value);
        return !Objects.equals(before, value);
    }

    /**
     * @param first a URL to list before the peers' (this server's own), or null for none
     * @return that URL, then the peers' in the order they came, each once
     */
    List<String> list(String first) {
        List<String> all = new ArrayList<>();
        if (first != null) {
            all.add(first);
        }
        for (String u : urls.values()) {
            if (!all.contains(u)) {
                all.add(u);
            }
        }
        return all;
    }
}
