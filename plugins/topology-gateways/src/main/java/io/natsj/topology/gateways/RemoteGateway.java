package io.natsj.topology.gateways;

import io.natsj.spi.topology.wire.GatewayReply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Another cluster of the super-cluster as this server knows it: its gateway name, the URLs of
 * its gateway listeners (configured, then learned from its INFO and gossip), whether it was
 * configured or discovered, and whether a dial is under way.
 */
final class RemoteGateway {

    private final String name;
    private final boolean implicit;
    private final String hash;
    private final Set<String> urls = new LinkedHashSet<>();
    private boolean dialling;
    private int attempts;

    /**
     * @param name the remote cluster's gateway name
     * @param urls its gateway URLs ({@code host:port})
     * @param implicit true when discovered rather than configured
     */
    RemoteGateway(String name, Collection<String> urls, boolean implicit) {
        this.name = name;
        this.implicit = implicit;
        this.hash = GatewayReply.hash(name);
        this.urls.addAll(urls);
    }

    String name() {
        return name;
    }

    boolean isImplicit() {
        return implicit;
    }

    /** @return the 6-character hash replies routed to this cluster carry */
    String hash() {
        return hash;
    }

    /** @param more URLs learned from INFO or gossip */
    synchronized void addUrls(Collection<String> more) {
        urls.addAll(more);
    }

    /** @return the URLs in a random order, as nats-server tries them */
    synchronized List<String> shuffledUrls() {
        List<String> list = new ArrayList<>(urls);
        Collections.shuffle(list);
        return list;
    }

    /** @return the URLs as known */
    synchronized List<String> urls() {
        return List.copyOf(urls);
    }

    /** @return true when no dial was under way (and one now is) */
    synchronized boolean startDialling() {
        if (dialling) {
            return false;
        }
        dialling = true;
        attempts = 0;
        return true;
    }

    synchronized void dialEnded() {
        dialling = false;
    }

    synchronized int nextAttempt() {
        return ++attempts;
    }
}
