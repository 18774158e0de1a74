package io.natsj.topology.routes;

import io.natsj.spi.ServerIdentity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
/**
 * The routes registered per peer server id, by pool index (one slot when not pooled), with the
 * open connections and the dials in flight; decides duplicates (the first connection registered
 * for a peer, or for a (peer, pool index), wins) and what losing a route leads to (dialling it
 * again), as nats-server 2.9.10 and 2.10 do.
 *
 * <p>Its monitor is the cluster's lock: {@link RouteGossip}, {@link PeerClientUrls} and the
 * cluster-name rule in {@link RouteCluster} rely on it too, so that a decision sees one
 * consistent view of the routes. It is taken when a route comes or goes, never per message.
 */
final class RouteRegistry {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");

    private final ClusterOptions options;
    private final ServerIdentity identity;
    private final RouteDialer dialer;
    private final PeerClientUrls clientUrls;
    private RouteGateways gateways;

    // Guarded by this.
    // Per peer server id, its registered connections by pool index (one slot when not pooled).
    private final Map<String, RouteConnection[]> routes = new LinkedHashMap<>();
    private final Set<RouteConnection> connections = new HashSet<>();
    private final Set<String> pendingImplicit = new HashSet<>();
    // "id idx" of pool connections being dialled.
    private final Set<String> pendingPool = new HashSet<>();
    private volatile boolean closed;

    /**
     * @param options the {@code cluster} section (pool size)
     * @param identity this server, whose own id is never dialled again
     * @param dialer dials lost routes again
     * @param clientUrls forgets a peer's client URLs when its last connection goes
     */
    RouteRegistry(ClusterOptions options, ServerIdentity identity, RouteDialer dialer, PeerClientUrls clientUrls) {
        this.options = options;
        this.identity = identity;
        this.dialer = dialer;
        this.clientUrls = clientUrls;
    }

    /** @param c a new connection, tracked until it closes; call with the lock held and not closed */
    synchronized void track(RouteConnection c) {
        connections.add(c);
    }

    /** @return the connections to close, or null when already shut down */
    synchronized List<RouteConnection> shutDown() {
        if (closed) {
            return null;
        }
        closed = true;
        return new ArrayList<>(connections);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Registers a route whose INFO arrived, unless the peer has one already at its pool index
     * (index 0 when not pooled): then the first stays (taking over this one's solicitation) and
     * this one is closed without a word, or, between natsj servers that dialled each other,
     * the one dialled by the server whose id sorts first stays (see {@link #dialledFirst}).
     *
     * @param c the route
     * @return true when registered
     */
    synchronized boolean register(RouteConnection c) {
        if (closed) {
            c.close("Server Shutdown");
            return false;
        }
        String id = c.remoteId();
        int size = c.isPooled() ? options.poolSize() : 1;
        int idx = c.slot();
        RouteConnection[] slots = routes.get(id);
        if (slots != null && slots.length != size) {
            // The peer pools on one connection and not on another: keep what it said first.
            LOG.log(System.Logger.Level.DEBUG, () -> c.label() + " - Detected duplicate remote route \""
                    + id + "\" (pooling differs)");
            c.close("Duplicate Route");
            return false;
        }
        RouteConnection existing = slots == null ? null : slots[idx];
        RouteConnection replaced = null;
        if (existing != null && existing != c && dialledFirst(c, existing)) {
            LOG.log(System.Logger.Level.DEBUG, () -> existing.label() + " - Detected duplicate remote route \""
                    + id + "\"" + (c.isPooled() ? " (pool index " + idx + ")" : "") + ", keeping " + c.label());
            c.inherit(existing);
            replaced = existing;
        } else if (existing != null && existing != c) {
            LOG.log(System.Logger.Level.DEBUG, () -> c.label() + " - Detected duplicate remote route \""
                    + id + "\"" + (c.isPooled() ? " (pool index " + idx + ")" : ""));
            existing.inherit(c);
            spreadSolicitation(slots);
            c.close("Duplicate Route");
            return false;
        }
        if (slots == null) {
            slots = new RouteConnection[size];
            routes.put(id, slots);
        }
        slots[idx] = c;
        spreadSolicitation(slots);
        pendingImplicit.remove(id);
        pendingPool.remove(poolKey(id, idx));
        if (replaced != null) {
            // After the slot changed hands: closing it is not losing the peer.
            replaced.close("Duplicate Route");
        }
        return true;
    }

    /**
     * Two natsj servers that dialled each other at once each register the connection whose
     * INFO came first; when those differ, each closes the one the other kept, both routes are
     * lost and the peers meet again only after a redial (1 s; nats-server 2.9.10 has the same
     * race, and the same mitigation). Between natsj servers both ends keep instead the
     * connection dialled by the server whose id sorts first. A nats-server peer keeps the
     * first registered, so with it natsj does the same.
     *
     * @return true when {@code c} is to replace {@code existing}
     */
    private boolean dialledFirst(RouteConnection c, RouteConnection existing) {
        if (c.isAccepted() == existing.isAccepted() || !isNatsj(c) || !isNatsj(existing)) {
            return false;
        }
        String dialler = c.isAccepted() ? c.remoteId() : identity.serverId();
        String otherDialler = existing.isAccepted() ? existing.remoteId() : identity.serverId();
        return dialler.compareTo(otherDialler) < 0;
    }

    private static boolean isNatsj(RouteConnection c) {
        return c.remoteInfo() != null && c.remoteInfo().natsjVersion != null;
    }

    /**
     * As 2.10 (upgradeRouteToSolicited): once we dialled a pooled peer, every connection of its
     * pool counts as dialled, so whichever is lost last is dialled again.
     */
    private static void spreadSolicitation(RouteConnection[] slots) {
        if (slots.length < 2) {
            return;
        }
        RouteConnection solicited = null;
        for (RouteConnection r : slots) {
            if (r != null && r.didSolicit() && r.url() != null && (solicited == null || r.isExplicit())) {
                solicited = r;
            }
        }
        if (solicited != null) {
            for (RouteConnection r : slots) {
                if (r != null && r != solicited) {
                    r.upgradeToSolicited(solicited.url(), solicited.isExplicit());
                }
            }
        }
    }

    /**
     * A route connection closed: forget it and, if we dialled it (or it replaced a duplicate we
     * dialled), dial it again unless the peer is connected another way or was ourselves.
     *
     * @param c the connection
     */
    void closed(RouteConnection c) {
        RouteUrl redial = null;
        boolean explicit = false;
        String id;
        synchronized (this) {
            connections.remove(c);
            id = c.remoteId();
            if (c.expectedId() != null) {
                if (c.isPoolDial()) {
                    pendingPool.remove(poolKey(c.expectedId(), c.poolIdx()));
                } else {
                    pendingImplicit.remove(c.expectedId());
                }
            }
            RouteConnection[] slots = id == null ? null : routes.get(id);
            int idx = c.slot();
            boolean wasRegistered = holds(slots, c);
            if (wasRegistered) {
                slots[idx] = null;
                if (count(slots) == 0) {
                    routes.remove(id);
                    clientUrls.set(id, null, null);
                    clientUrls.leafUrls(id, null);
                    if (gateways != null) {
                        gateways.gone(id);
                    }
                }
                LOG.log(System.Logger.Level.INFO, () -> c.label() + " - Route connection closed, peer " + c.remoteId()
                        + (c.isPooled() ? " pool index " + idx : ""));
            }
            if (closed || c.url() == null || !(c.didSolicit() || c.retry())) {
                return;
            }
            if (id != null && id.equals(identity.serverId())) {
                return;
            }
            if (id != null && routes.containsKey(id)) {
                // The peer is still connected: only a lost pool connection is dialled again.
                if (wasRegistered && c.isPooled() && pendingPool.add(poolKey(id, idx))) {
                    dialer.solicitPool(c.url(), c.isExplicit(), id, idx, RouteDialer.RETRY_MILLIS
                            + ThreadLocalRandom.current().nextLong(100));
                } else {
                    LOG.log(System.Logger.Level.DEBUG, () -> "Not attempting reconnect for solicited route,"
                            + " already connected to \"" + c.remoteId() + "\"");
                }
                return;
            }
            if (c.isPoolDial() && !wasRegistered) {
                return; // dialled for an index of a peer that has gone since
            }
            // The peer's last connection: dial it again as a first connection (pool index 0),
            // which dials the rest of the pool once registered.
            redial = c.url();
            explicit = c.isExplicit();
            if (!explicit && id != null) {
                if (pendingImplicit.contains(id)) {
                    return;
                }
                pendingImplicit.add(id);
            }
        }
        long jitter = ThreadLocalRandom.current().nextLong(100);
        dialer.solicit(redial, explicit, explicit ? null : id, explicit ? RouteDialer.RETRY_MILLIS + jitter : jitter);
    }

    // ---- dials in flight ---------------------------------------------------------------------

    /**
     * @param id a peer
     * @param idx a pool index
     * @return true while the peer is connected and has no connection at that index
     */
    synchronized boolean poolSlotOpen(String id, int idx) {
        RouteConnection[] slots = routes.get(id);
        return !closed && slots != null && idx < slots.length && slots[idx] == null;
    }

    /**
     * @return true when nobody dials that pool index of the peer yet; it counts as dialled
     *     from now until registered or given up
     */
    synchronized boolean claimPoolDial(String id, int idx) {
        return pendingPool.add(poolKey(id, idx));
    }

    /** A pool connection's dialling gave up. */
    synchronized void poolDialEnded(String id, int idx) {
        pendingPool.remove(poolKey(id, idx));
    }

    /** @return true while an implicit route to that peer is being dialled */
    synchronized boolean isImplicitPending(String id) {
        return pendingImplicit.contains(id);
    }

    /** @param id a peer whose implicit route is dialled from now until registered or given up */
    synchronized void claimImplicitDial(String id) {
        pendingImplicit.add(id);
    }

    /** @param expectedId the implicit route whose dialling ended, or null */
    synchronized void dialEnded(String expectedId) {
        if (expectedId != null) {
            pendingImplicit.remove(expectedId);
        }
    }

    private static String poolKey(String id, int idx) {
        return id + " " + idx;
    }

    // ---- what is registered ------------------------------------------------------------------

    /** @return the peer's connections by pool index, or null when it has none; not a copy */
    synchronized RouteConnection[] slots(String id) {
        return routes.get(id);
    }

    /** @return the number of peers connected */
    synchronized int peers() {
        return routes.size();
    }

    /** @param gateways told when a peer's last connection goes (set once, before any route) */
    void gateways(RouteGateways gateways) {
        this.gateways = gateways;
    }

    synchronized boolean isConnectedTo(String id) {
        return routes.containsKey(id);
    }

    /** @return one registered connection of every peer but {@code id}, in registration order */
    synchronized List<RouteConnection> firstOfOtherPeers(String id) {
        List<RouteConnection> firsts = new ArrayList<>();
        for (Map.Entry<String, RouteConnection[]> other : routes.entrySet()) {
            RouteConnection first = first(other.getValue());
            if (!other.getKey().equals(id) && first != null) {
                firsts.add(first);
            }
        }
        return firsts;
    }

    /** @return the open connections, registered or not, other than {@code c} */
    synchronized List<RouteConnection> connectionsOtherThan(RouteConnection c) {
        List<RouteConnection> others = new ArrayList<>();
        for (RouteConnection other : connections) {
            if (other != c) {
                others.add(other);
            }
        }
        return others;
    }

    /** @return the registered route connections now, every pool connection of every peer */
    synchronized List<RouteConnection> registeredRoutes() {
        List<RouteConnection> all = new ArrayList<>();
        for (RouteConnection[] slots : routes.values()) {
            for (RouteConnection r : slots) {
                if (r != null) {
                    all.add(r);
                }
            }
        }
        return all;
    }

    /** @return true when {@code c} is the connection registered at its slot */
    static boolean holds(RouteConnection[] slots, RouteConnection c) {
        return slots != null && c.slot() < slots.length && slots[c.slot()] == c;
    }

    /** @return how many slots hold a connection */
    static int count(RouteConnection[] slots) {
        int n = 0;
        for (RouteConnection r : slots) {
            if (r != null) {
                n++;
            }
        }
        return n;
    }

    private static RouteConnection first(RouteConnection[] slots) {
        for (RouteConnection r : slots) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
