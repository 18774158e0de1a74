package io.natsj.topology.routes;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The cluster as this server sees it: the route listener, the registered route per peer
 * server id, and what follows from registering or losing one, as nats-server 2.9.10 does it:
 * the first connection registered for a peer wins and a later one is closed; a new peer is
 * announced to the others (gossip), who dial it (implicit routes); clients learn the peers'
 * URLs; a lost solicited route is dialled again.
 *
 * <p>With {@code pool_size} N &gt; 1 and a peer that advertises the same size (nats-server 2.10's
 * route pooling) a peer has N connections, one per pool index; duplicates are then per (peer,
 * index), and the side that dialled the peer dials the indexes still missing. A peer that does
 * not advertise a pool size has one connection for all accounts, as before.
 *
 * <p>Registration, gossip and reconnect decisions take this object's lock; they happen when a
 * route comes or goes, never per message.
 */
final class RouteCluster implements Topology {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");
    /** The route protocol version of nats-server 2.9 (account-aware RS+/RMSG). */
    static final int ROUTE_PROTO = 2;

    private final TopologyRequest request;
    private final ClusterOptions options;
    private final ClusterAuth auth;
    private final LocalServer local;
    private final ServerIdentity identity;
    private final RouteDialer dialer;
    private final RouteInfoLines lines;
    private final TlsContext tls;
    private final Set<String> explicitHostPorts = new HashSet<>();

    // Guarded by this.
    // Per peer server id, its registered connections by pool index (one slot when not pooled).
    private final Map<String, RouteConnection[]> routes = new LinkedHashMap<>();
    private final Set<RouteConnection> connections = new HashSet<>();
    private final Set<String> pendingImplicit = new HashSet<>();
    // "id idx" of pool connections being dialled.
    private final Set<String> pendingPool = new HashSet<>();
    private final Map<String, List<String>> peerUrls = new LinkedHashMap<>();
    private List<String> publishedUrls = List.of();

    private volatile String clusterName;
    private volatile boolean dynamicName;
    private volatile boolean closed;
    private Transport listener;
    private int boundPort;

    /**
     * @param request what the kernel gives the plugin
     * @param options the checked {@code cluster} section
     */
    RouteCluster(TopologyRequest request, ClusterOptions options) {
        this.request = request;
        this.options = options;
        this.auth = new ClusterAuth(options.user(), options.password());
        this.local = request.local();
        this.identity = request.server();
        this.dialer = new RouteDialer(this, request.ioGroup());
        this.lines = new RouteInfoLines(identity, options, local, auth);
        // As nats-server: routes over TLS require a certificate from every peer.
        this.tls = request.tls("tls", true).orElse(null);
        lines.tls(tls != null);
        this.clusterName = options.name() != null ? options.name() : RouteInfoLines.randomText(22);
        this.dynamicName = options.name() == null;
        for (RouteUrl url : options.routes()) {
            explicitHostPorts.add(url.hostPort());
        }
    }

    /** Opens the route listener and starts dialling the configured routes. */
    void start() {
        if (!options.enabled()) {
            if (!options.routes().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "cluster has no port: clustering is off and cluster.routes is not used");
            }
            return;
        }
        listener = request.listen(ListenerRole.ROUTE, options.host(), options.port(),
                connection -> install(connection.channel(), null, false, null, 0, false));
        boundPort = listener.boundAddress().getPort();
        local.clusterName(clusterName);
        LOG.log(System.Logger.Level.INFO, "Cluster name is " + clusterName
                + (dynamicName ? " (dynamic)" : ""));
        LOG.log(System.Logger.Level.INFO, "Listening for route connections on "
                + hostPort(options.host(), boundPort));
        for (RouteUrl url : options.routes()) {
            dialer.solicit(url, true, null, 0);
        }
    }

    /**
     * Puts the route protocol on a channel, accepted or dialled.
     *
     * @param channel the connection
     * @param url the URL dialled, or null when accepted
     * @param explicit true for a configured route
     * @param expectedId the server id gossip announced (or the peer a pool connection is for), or null
     * @param poolIdx the pool index a dialled connection asks for (0 for a first connection)
     * @param poolDial true when dialled to fill a pool index of a connected peer
     */
    void install(Channel channel, RouteUrl url, boolean explicit, String expectedId, int poolIdx,
            boolean poolDial) {
        if (tls != null) {
            // TLS first, before any protocol byte, in both directions (nats-server's createRoute).
            channel.pipeline().addFirst("tls", url == null ? tls.newHandler(channel.alloc())
                    : tls.newClientHandler(channel.alloc(), url.host(), url.port()));
        }
        RouteConnection connection = new RouteConnection(this, channel, local.nextConnectionId(), url, explicit,
                expectedId, poolIdx, poolDial);
        synchronized (this) {
            if (closed) {
                channel.close();
                return;
            }
            connections.add(connection);
        }
        channel.pipeline().addLast("route-decoder", new RouteProtocolDecoder(connection));
    }

    // ---- registration, duplicates, gossip ------------------------------------------------------

    /**
     * Registers a route whose INFO arrived, unless the peer has one already at its pool index
     * (index 0 when not pooled): then the first stays (taking over this one's solicitation) and
     * this one is closed without a word.
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
        if (existing != null && existing != c) {
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
        return true;
    }

    /**
     * After the interest dump: for a peer's first connection, tells the other routes about the
     * new peer and clients about its URLs; for a pooled peer we dialled, dials the pool indexes
     * still missing.
     *
     * @param c the route just registered
     */
    synchronized void registered(RouteConnection c) {
        RouteConnection[] slots = routes.get(c.remoteId());
        if (!holds(slots, c)) {
            return;
        }
        if (count(slots) == 1) {
            if (routes.size() > 1) {
                String line = "INFO " + GoJson.write(RouteInfoLines.forwardable(c)) + "\r\n";
                for (Map.Entry<String, RouteConnection[]> other : routes.entrySet()) {
                    RouteConnection first = first(other.getValue());
                    if (!other.getKey().equals(c.remoteId()) && first != null) {
                        first.send(line);
                    }
                }
            }
            setPeerUrls(c.remoteId(), c.remoteInfo().connectUrls);
        }
        if (c.isPooled() && c.didSolicit() && c.url() != null) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == null && pendingPool.add(poolKey(c.remoteId(), i))) {
                    dialer.solicitPool(c.url(), c.isExplicit(), c.remoteId(), i,
                            ThreadLocalRandom.current().nextLong(100));
                }
            }
        }
    }

    /**
     * @param id a peer
     * @param idx a pool index
     * @return true while the peer is connected and has no connection at that index
     */
    synchronized boolean poolSlotOpen(String id, int idx) {
        RouteConnection[] slots = routes.get(id);
        return !closed && slots != null && idx < slots.length && slots[idx] == null;
    }

    /** A pool connection's dialling gave up. */
    synchronized void poolDialEnded(String id, int idx) {
        pendingPool.remove(poolKey(id, idx));
    }

    private static String poolKey(String id, int idx) {
        return id + " " + idx;
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

    private static boolean holds(RouteConnection[] slots, RouteConnection c) {
        return slots != null && c.slot() < slots.length && slots[c.slot()] == c;
    }

    private static int count(RouteConnection[] slots) {
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

    /**
     * A peer told us about another server: dial it unless we know it already or it is one of
     * our configured routes (nats-server's processImplicitRoute).
     *
     * @param info the gossiped INFO
     */
    void gossip(RouteInfo info) {
        RouteUrl url;
        String id = info.serverId;
        synchronized (this) {
            if (closed || id == null || id.equals(serverId()) || routes.containsKey(id) || pendingImplicit.contains(id)) {
                return;
            }
            if (explicitHostPorts.contains(hostPort(info.host, info.port).toLowerCase(java.util.Locale.ROOT))) {
                return;
            }
            if (info.ip == null || info.ip.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "Gossip about " + id + " has no ip to dial");
                return;
            }
            try {
                url = RouteUrl.parse(info.ip, "gossiped ip");
            } catch (io.natsj.spi.PluginException e) {
                LOG.log(System.Logger.Level.ERROR, "Gossip about " + id + ": " + e.getMessage());
                return;
            }
            if (info.authRequired && options.user() != null) {
                url = url.withCredentials(options.user(), options.password());
            }
            pendingImplicit.add(id);
        }
        dialer.solicit(url, false, id, 0);
    }

    /**
     * @param c a registered route whose peer sent a new INFO about itself
     * @param info that INFO ({@code ldm:true} takes its client URLs away)
     */
    synchronized void peerUpdated(RouteConnection c, RouteInfo info) {
        RouteConnection[] slots = routes.get(c.remoteId());
        if (holds(slots, c)) {
            setPeerUrls(c.remoteId(), info.lameDuckMode ? null : info.connectUrls);
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
                    setPeerUrls(id, null);
                }
                LOG.log(System.Logger.Level.INFO, () -> c.label() + " - Route connection closed, peer " + c.remoteId()
                        + (c.isPooled() ? " pool index " + idx : ""));
            }
            if (closed || c.url() == null || !(c.didSolicit() || c.retry())) {
                return;
            }
            if (id != null && id.equals(serverId())) {
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

    /** @param expectedId the implicit route whose dialling ended, or null */
    synchronized void dialEnded(String expectedId) {
        if (expectedId != null) {
            pendingImplicit.remove(expectedId);
        }
    }

    /**
     * nats-server's cluster-name rule: equal names pass; a server with a made-up (dynamic) name
     * adopts a configured name, or the greater of two dynamic names, and drops its other routes.
     *
     * @param theirs the peer's cluster name
     * @param theirsDynamic whether the peer made its name up
     * @param c the connection it came on
     * @param fromConnect true for CONNECT (an empty name does not match), false for INFO
     * @return true when the route may go on
     */
    boolean acceptClusterName(String theirs, boolean theirsDynamic, RouteConnection c, boolean fromConnect) {
        List<RouteConnection> drop = new ArrayList<>();
        synchronized (this) {
            if (theirs.equals(clusterName)) {
                return true;
            }
            if (!dynamicName || theirs.isEmpty() || (theirsDynamic && clusterName.compareTo(theirs) >= 0)) {
                return false;
            }
            clusterName = theirs;
            dynamicName = theirsDynamic;
            local.clusterName(clusterName);
            for (RouteConnection other : connections) {
                if (other != c) {
                    drop.add(other);
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "Cluster name updated to " + theirs);
        drop.forEach(other -> other.close("Cluster Name Conflict"));
        return true;
    }

    private void setPeerUrls(String id, List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            peerUrls.remove(id);
        } else {
            peerUrls.put(id, List.copyOf(urls));
        }
        if (options.noAdvertise()) {
            return;
        }
        List<String> all = peerUrls.values().stream().flatMap(List::stream).distinct().toList();
        if (!all.equals(publishedUrls)) {
            publishedUrls = all;
            local.peerClientUrls(all);
        }
    }

    // ---- what connections ask ---------------------------------------------------------------

    ClusterOptions options() {
        return options;
    }

    ClusterAuth auth() {
        return auth;
    }

    LocalServer local() {
        return local;
    }

    String serverId() {
        return identity.serverId();
    }

    String serverName() {
        return identity.serverName();
    }

    String clusterName() {
        return clusterName;
    }

    Duration pingInterval() {
        return local.pingInterval();
    }

    int pingMax() {
        return local.pingMax();
    }

    boolean isClosed() {
        return closed;
    }

    synchronized boolean isConnectedTo(String id) {
        return routes.containsKey(id);
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

    /** @return the port the route listener is bound to, 0 when clustering is off */
    int boundPort() {
        return boundPort;
    }

    // ---- Topology ------------------------------------------------------------------------------

    @Override
    public String monitorName() {
        return "routez";
    }

    @Override
    public Map<String, Object> monitor(Function<String, String> query) {
        return RoutezReport.routez(this, query);
    }

    @Override
    public Map<String, Object> varz() {
        return RoutezReport.varz(this);
    }

    @Override
    public List<String> listenUrls() {
        return listener == null ? List.of() : RouteInfoLines.listenUrls(options.host(), boundPort);
    }

    /**
     * @param poolIdx the pool index a solicited connection asks for, else 0
     * @return our route INFO line as sent when a connection opens (with a nonce, and a space before CRLF)
     */
    String infoLine(int poolIdx) {
        return lines.infoLine(boundPort, clusterName, dynamicName, poolIdx);
    }

    /**
     * @param url the URL dialled, with the credentials to present
     * @return our CONNECT line
     */
    String connectLine(RouteUrl url) {
        return lines.connectLine(url, clusterName, dynamicName);
    }

    /** @return true when routes run over TLS */
    boolean usesTls() {
        return tls != null;
    }

    /** @return the number of route connections, as nats-server 2.10's numRoutes (a pool counts N) */
    @Override
    public synchronized int peerCount() {
        return registeredRoutes().size();
    }

    /** Tells every route this server is in lame duck mode, as nats-server does with an INFO. */
    @Override
    public void lameDuck() {
        lines.lameDuck();
        String line = infoLine(0);
        List<RouteConnection> registered = registeredRoutes();
        registered.forEach(c -> c.send(line));
    }

    @Override
    public void close() {
        List<RouteConnection> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(connections);
        }
        if (listener != null) {
            listener.close();
        }
        open.forEach(c -> c.close("Server Shutdown"));
    }

    static String hostPort(String host, int port) {
        return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
