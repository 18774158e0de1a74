package io.natsj.topology.routes;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.topology.wire.WireDecoder;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cluster as this server sees it, and the kernel's {@link Topology}: the route listener,
 * the cluster name, and what a route connection asks of its cluster, as nats-server 2.9.10
 * does it. The registered routes and duplicates are the {@link RouteRegistry}'s; gossip,
 * implicit routes and the rest of a pool are the {@link RouteGossip}'s; the peers' client URLs
 * are {@link PeerClientUrls}.
 *
 * <p>With {@code pool_size} N &gt; 1 and a peer that advertises the same size (nats-server 2.10's
 * route pooling) a peer has N connections, one per pool index; duplicates are then per (peer,
 * index), and the side that dialled the peer dials the indexes still missing. A peer that does
 * not advertise a pool size has one connection for all accounts, as before.
 *
 * <p>Registration, gossip and reconnect decisions take the registry's lock; they happen when a
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
    private final RouteRegistry registry;
    private final RouteGossip gossip;
    private final RouteGateways gateways;

    // Written under the registry's lock.
    private volatile String clusterName;
    private volatile boolean dynamicName;
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
        PeerClientUrls clientUrls = new PeerClientUrls(local, options);
        this.registry = new RouteRegistry(options, identity, dialer, clientUrls);
        this.gateways = new RouteGateways(local, identity, registry);
        registry.gateways(gateways);
        this.gossip = new RouteGossip(options, identity, registry, dialer, clientUrls, gateways);
    }

    /** Opens the route listener and starts dialling the configured routes. */
    void start() {
        if (!options.enabled()) {
            if (!options.routes().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "cluster has no port: clustering is off and cluster.routes is not used");
            }
            return;
        }
        // Beside start-up, not before the listener: it costs ~70 ms of CPU that the ports file
        // need not wait for, and a handshake that comes first only runs the same code itself.
        Thread.ofPlatform().daemon().name("route-warm-up").start(this::warmUp);
        listener = request.listen(ListenerRole.ROUTE, options.host(), options.port(),
                connection -> install(connection.channel(), null, false, null, 0, false));
        boundPort = listener.boundAddress().getPort();
        gateways.attach();
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
     * Runs the handshake's codecs once while the server starts. On a cold JVM the first route
     * would otherwise spend hundreds of milliseconds (seconds on a busy machine) loading and
     * linking them: JSON binding of INFO and CONNECT, the nonce's SecureRandom. Servers started
     * together then route within milliseconds of both listening, as nats-server's do.
     */
    private void warmUp() {
        try {
            String info = infoLine(0);
            String connect = connectLine(new RouteUrl("127.0.0.1", 0, null, null));
            GoJson.read(Unpooled.wrappedBuffer(json(info)), RouteInfo.class);
            GoJson.read(Unpooled.wrappedBuffer(json(connect)), RouteConnect.class);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "route INFO/CONNECT do not read back: " + e.getMessage());
        }
    }

    /** @return the JSON of a protocol line {@code OP {json}[ ]\r\n} */
    private static byte[] json(String line) {
        return line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1).getBytes(StandardCharsets.UTF_8);
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
        synchronized (registry) {
            if (registry.isClosed()) {
                channel.close();
                return;
            }
            registry.track(connection);
        }
        channel.pipeline().addLast("route-decoder", new WireDecoder(connection, local.maxControlLine()));
    }

    // ---- what connections and the dialer report (see RouteRegistry and RouteGossip) -----------

    boolean register(RouteConnection c) {
        return registry.register(c);
    }

    void registered(RouteConnection c) {
        gossip.registered(c);
    }

    void gossip(RouteInfo info) {
        gossip.gossip(info);
    }

    void gatewayInfo(RouteConnection c, RouteInfo info) {
        gateways.received(c, info);
    }

    void peerUpdated(RouteConnection c, RouteInfo info) {
        gossip.peerUpdated(c, info);
    }

    void closed(RouteConnection c) {
        registry.closed(c);
    }

    boolean poolSlotOpen(String id, int idx) {
        return registry.poolSlotOpen(id, idx);
    }

    void poolDialEnded(String id, int idx) {
        registry.poolDialEnded(id, idx);
    }

    void dialEnded(String expectedId) {
        registry.dialEnded(expectedId);
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
        List<RouteConnection> drop;
        synchronized (registry) {
            if (theirs.equals(clusterName)) {
                return true;
            }
            if (!dynamicName || theirs.isEmpty() || (theirsDynamic && clusterName.compareTo(theirs) >= 0)) {
                return false;
            }
            clusterName = theirs;
            dynamicName = theirsDynamic;
            local.clusterName(clusterName);
            drop = registry.connectionsOtherThan(c);
        }
        LOG.log(System.Logger.Level.INFO, "Cluster name updated to " + theirs);
        drop.forEach(other -> other.close("Cluster Name Conflict"));
        return true;
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
        return registry.isClosed();
    }

    boolean isConnectedTo(String id) {
        return registry.isConnectedTo(id);
    }

    /** @return the registered route connections now, every pool connection of every peer */
    List<RouteConnection> registeredRoutes() {
        return registry.registeredRoutes();
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
    public int peerCount() {
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
        List<RouteConnection> open = registry.shutDown();
        if (open == null) {
            return;
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
