package io.natsj.topology.routes;

import io.natsj.spi.topology.PeerSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One route connection, accepted or solicited: the handshake (INFO both ways, CONNECT from the
 * solicitor), keepalive, the peer's interest and messages into the kernel's {@link PeerSession},
 * and, through its {@link RouteLink}, the kernel's messages and interest out to the peer.
 *
 * <p>Protocol calls run on the connection's event loop.
 */
final class RouteConnection implements RouteProtocol {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");
    /** nats-server's firstPingInterval. */
    private static final long FIRST_PING_MILLIS = 1000;

    private final RouteCluster cluster;
    private final Channel channel;
    private final long rid;
    private final boolean accepted;
    private final String expectedId;
    private final boolean poolDial;
    private final long startMillis = System.currentTimeMillis();
    private final RouteLink link;

    // Who dialled and why; a kept duplicate inherits them from the solicited connection it replaced.
    private volatile RouteUrl url;
    private volatile boolean didSolicit;
    private volatile boolean explicit;
    private volatile boolean retry;
    // Pooling: the index asked for (solicited) or given by the peer (accepted), and whether both
    // ends agreed on a pool size; set before registration.
    private volatile int poolIdx;
    private volatile boolean pooled;

    private boolean connectReceived;
    private boolean infoReceived;
    private boolean verbose;
    private volatile String remoteId;
    private volatile RouteInfo remoteInfo;
    private volatile boolean closing;
    private volatile boolean registered;
    private volatile RouteInbound inbound;
    private io.netty.util.concurrent.Future<?> authTimer;
    private int pingsOut;
    private long pingSentNanos;

    // Counters for /routez: inbound on the event loop, outbound under the kernel's outbound lock.
    volatile long lastActivityMillis = startMillis;
    volatile long rttNanos;

    /**
     * @param cluster the cluster this route belongs to
     * @param channel the connection
     * @param rid its connection id
     * @param url the URL dialled, or null for an accepted connection
     * @param explicit true when the URL is one of {@code cluster.routes}
     * @param expectedId for an implicit route, the server id gossip announced; for a pool
     *     connection, the peer's id; else null
     * @param poolIdx the pool index a solicited connection asks for (0 for a peer's first)
     * @param poolDial true when dialled to fill a pool index of a connected peer
     */
    RouteConnection(RouteCluster cluster, Channel channel, long rid, RouteUrl url, boolean explicit,
            String expectedId, int poolIdx, boolean poolDial) {
        this.expectedId = expectedId;
        this.poolIdx = url == null ? 0 : poolIdx;
        this.poolDial = poolDial;
        this.link = new RouteLink(this, channel);
        this.cluster = cluster;
        this.channel = channel;
        this.rid = rid;
        this.url = url;
        this.didSolicit = url != null;
        this.accepted = url == null;
        this.explicit = explicit;
    }

    // ---- handshake ------------------------------------------------------------------------

    @Override
    public void active() {
        if (didSolicit) {
            // CONNECT and INFO without waiting for the peer's INFO: a 2.10 peer with pooling
            // waits for ours, so waiting here could deadlock. Pooling, the INFO names the pool
            // index chosen before dialling (2.10 sends its INFO only after the acceptor's and
            // picks the first free index then; a 2.10 acceptor takes either).
            channel.write(RouteFrames.ascii(channel.alloc(), cluster.connectLine(url)));
        } else if (cluster.auth().required()) {
            long timeout = cluster.options().authTimeout().toNanos();
            authTimer = channel.eventLoop().schedule(() -> {
                if (!connectReceived) {
                    protocolError("Authentication Timeout", "Authentication Timeout");
                }
            }, timeout, TimeUnit.NANOSECONDS);
        }
        channel.writeAndFlush(RouteFrames.ascii(channel.alloc(), cluster.infoLine(didSolicit ? poolIdx : 0)));
        long jitter = ThreadLocalRandom.current().nextLong(FIRST_PING_MILLIS / 5 + 1);
        channel.eventLoop().schedule(this::pingTimer, FIRST_PING_MILLIS + jitter, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Route connection created");
    }

    @Override
    public boolean admit(RouteOp op) {
        lastActivityMillis = System.currentTimeMillis();
        if (accepted && !connectReceived && op != RouteOp.CONNECT && cluster.auth().required()) {
            protocolError("Authorization Violation", "operation before CONNECT");
            return false;
        }
        return true;
    }

    @Override
    public void onConnect(ByteBuf json) {
        if (!accepted || connectReceived) {
            return; // only the solicitor sends CONNECT, once
        }
        RouteConnect connect;
        try {
            connect = GoJson.read(json, RouteConnect.class);
        } catch (IOException e) {
            protocolError(null, "bad CONNECT JSON: " + e.getMessage());
            return;
        }
        connectReceived = true;
        if (authTimer != null) {
            authTimer.cancel(false);
        }
        if (!cluster.auth().allows(connect.user, connect.pass)) {
            protocolError("Authorization Violation", "Authentication Failure");
            return;
        }
        if (connect.lang != null && !connect.lang.isEmpty()) {
            protocolError("attempted to connect to route port", "client on the route port");
            return;
        }
        if (connect.gateway != null && !connect.gateway.isEmpty()) {
            protocolError("Rejecting connection from gateway \"" + connect.gateway + "\" on the Route port",
                    "gateway on the route port");
            return;
        }
        String clusterName = connect.cluster == null ? "" : connect.cluster;
        if (!cluster.acceptClusterName(clusterName, connect.clusterDynamic, this, true)) {
            protocolError("Rejecting connection, cluster name \"" + clusterName + "\" does not match \""
                    + cluster.clusterName() + "\"", "Cluster Name Conflict");
            return;
        }
        remoteId = connect.name;
        verbose = connect.verbose;
    }

    @Override
    public void onInfo(ByteBuf json) {
        RouteInfo info;
        try {
            info = GoJson.read(json, RouteInfo.class);
        } catch (IOException e) {
            protocolError(null, "bad INFO JSON: " + e.getMessage());
            return;
        }
        if (cluster.serverId().equals(info.serverId)) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Detected route to self, ignoring " + url);
            remoteId = info.serverId;
            close("Duplicate Route");
            return;
        }
        String clusterName = info.cluster == null ? "" : info.cluster;
        if (!clusterName.isEmpty() && !cluster.acceptClusterName(clusterName, info.clusterDynamic, this, false)) {
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - Rejecting connection, cluster name \""
                    + clusterName + "\" does not match \"" + cluster.clusterName() + "\"");
            close("Cluster Name Conflict");
            return;
        }
        if (infoReceived) {
            if (registered && info.serverId != null && !info.serverId.equals(remoteId)) {
                cluster.gossip(info);
            } else if (registered) {
                remoteInfo = info;
                cluster.peerUpdated(this, info);
            }
            return;
        }
        infoReceived = true;
        if (accepted && info.serverName != null && info.serverName.equals(cluster.serverName())) {
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - Remote server has a duplicate name: \""
                    + info.serverName + "\"");
            close("Duplicate Server Name");
            return;
        }
        if (info.routeAccount != null && !info.routeAccount.isEmpty()) {
            // A 2.10 pinned-account connection: natsj pins no account, so it is never registered.
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Not registering route connection for account \""
                    + info.routeAccount + "\"");
            return;
        }
        if (!agreePool(info)) {
            return;
        }
        remoteId = info.serverId;
        remoteInfo = info;
        link.headers(cluster.local().headers() && info.headers);
        if (url == null) {
            url = retryUrl(info);
        }
        if (!cluster.register(this)) {
            return;
        }
        registered = true;
        LOG.log(System.Logger.Level.INFO, () -> label() + " - Route connection created");
        PeerSession session = cluster.local().openSession(link);
        inbound = new RouteInbound(cluster.local(), session, label());
        session.watchInterest(link);
        cluster.registered(this);
    }

    /**
     * nats-server 2.10's pool rules (addRoute): without a pool size on either side, one
     * connection for all accounts; different sizes are refused; a solicited connection keeps
     * the index it asked for, an accepted one takes the index the peer asked for.
     *
     * @return true when the connection may be registered
     */
    private boolean agreePool(RouteInfo info) {
        int ours = RoutePool.advertised(cluster.options().poolSize());
        if (ours == 0 || info.routePoolSize <= 0) {
            if (info.routePoolIdx != 0) {
                // A 2.10 pool connection while we do not pool: the peer closes it once it sees
                // our INFO has no pool size.
                LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Not registering pooled route connection");
                return false;
            }
            if (poolDial) {
                close("Duplicate Route"); // the peer stopped pooling: its first connection carries all
                return false;
            }
            pooled = false;
            poolIdx = 0;
            return true;
        }
        if (info.routePoolSize != ours) {
            protocolError("Mismatch route pool size: " + ours + " vs " + info.routePoolSize, "Protocol Violation");
            return false;
        }
        if (!accepted) {
            if (info.routePoolIdx != 0) {
                protocolError("Route pool index should not be set but is set to " + info.routePoolIdx,
                        "Protocol Violation");
                return false;
            }
        } else if (info.routePoolIdx < 0 || info.routePoolIdx >= ours) {
            protocolError("Invalid route pool index: " + info.routePoolIdx + " - pool size is "
                    + info.routePoolSize, "Protocol Violation");
            return false;
        } else {
            poolIdx = info.routePoolIdx;
        }
        pooled = true;
        return true;
    }

    /**
     * @param account an account's name
     * @return true when this connection carries the account's interest: always, unless pooled,
     *     then only for the accounts that hash to its index
     */
    boolean carries(String account) {
        return !pooled || RoutePool.index(account, cluster.options().poolSize()) == poolIdx;
    }

    /** Where to redial an accepted route that took over a solicited duplicate (its INFO's address). */
    private RouteUrl retryUrl(RouteInfo info) {
        String host = info.host;
        InetSocketAddress remote = remoteAddress();
        if ((host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) && remote != null) {
            host = remote.getAddress().getHostAddress();
        }
        RouteUrl retry = new RouteUrl(host, info.port, null, null);
        ClusterOptions options = cluster.options();
        return info.authRequired && options.user() != null
                ? retry.withCredentials(options.user(), options.password()) : retry;
    }

    // ---- keepalive -----------------------------------------------------------------------

    @Override
    public void onPing() {
        send("PONG\r\n");
    }

    @Override
    public void onPong() {
        pingsOut = 0;
        if (pingSentNanos != 0) {
            rttNanos = Math.max(1, System.nanoTime() - pingSentNanos);
            pingSentNanos = 0;
        }
    }

    private void pingTimer() {
        if (closing) {
            return;
        }
        if (pingsOut + 1 > cluster.pingMax()) {
            protocolError("Stale Connection", "Stale Connection");
            return;
        }
        pingsOut++;
        pingSentNanos = System.nanoTime();
        send("PING\r\n");
        channel.eventLoop().schedule(this::pingTimer, cluster.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onErr(String text) {
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - Route Error " + text);
        close("Parse Error");
    }

    // ---- interest and messages from the peer -------------------------------------------------

    @Override
    public void onInterest(String account, String subject, String queue, int weight) {
        if (inbound != null) {
            inbound.interest(account, subject, queue, weight);
        }
        acknowledge();
    }

    @Override
    public void onNoInterest(String account, String subject, String queue) {
        if (inbound != null) {
            inbound.noInterest(account, subject, queue);
        }
        acknowledge();
    }

    @Override
    public void onMessage(ByteBuf buf, int accountAt, int accountLength, RouteMessage message, RouteQueueNames queues) {
        if (inbound != null) {
            inbound.message(buf, accountAt, accountLength, message, queues);
        }
        acknowledge();
    }

    /** A peer that asked for verbose gets +OK after each RS+, RS- and RMSG, as from nats-server. */
    private void acknowledge() {
        if (verbose) {
            send("+OK\r\n");
        }
    }

    @Override
    public void endOfReadBatch() {
        if (inbound != null) {
            inbound.endOfReadBatch();
        }
    }

    Channel channel() {
        return channel;
    }

    /** @param line a whole protocol line, sent now (gossip INFO, PING, PONG) */
    void send(String line) {
        if (!closing) {
            channel.writeAndFlush(RouteFrames.ascii(channel.alloc(), line), channel.voidPromise());
        }
    }

    // ---- closing --------------------------------------------------------------------------

    @Override
    public void protocolError(String error, String reason) {
        if (closing) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - Route connection error: " + reason);
        if (error == null) {
            close(reason);
            return;
        }
        closing = true;
        channel.writeAndFlush(RouteFrames.ascii(channel.alloc(), RouteFrames.err(error)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** @param reason why, for the log */
    void close(String reason) {
        if (!closing) {
            closing = true;
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Route connection closed: " + reason);
        }
        channel.close();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void inactive() {
        closing = true;
        if (authTimer != null) {
            authTimer.cancel(false);
        }
        if (inbound != null) {
            inbound.close();
        }
        cluster.closed(this);
    }

    // ---- state for the cluster and /routez ---------------------------------------------------

    /** Takes over the solicitation of a closed duplicate, so this connection is redialled if lost. */
    void inherit(RouteConnection duplicate) {
        if (duplicate.didSolicit) {
            url = duplicate.url;
            didSolicit = true;
            explicit = duplicate.explicit;
        }
        retry = true;
    }

    /**
     * A pool connection the peer dialled, while we dialled another of the same pool: it is
     * redialled like ours if lost (2.10's upgradeRouteToSolicited).
     */
    void upgradeToSolicited(RouteUrl dialled, boolean configured) {
        if (!didSolicit) {
            didSolicit = true;
            url = dialled;
        }
        if (configured) {
            explicit = true;
        }
    }

    String expectedId() {
        return expectedId;
    }

    /** @return true when both ends agreed on a pool size */
    boolean isPooled() {
        return pooled;
    }

    /** @return the pool index (0 when not pooled) */
    int poolIdx() {
        return poolIdx;
    }

    /** @return where the connection sits among the peer's: its pool index, or 0 when not pooled */
    int slot() {
        return pooled ? poolIdx : 0;
    }

    /** @return true when dialled to fill a pool index of a connected peer */
    boolean isPoolDial() {
        return poolDial;
    }

    long rid() {
        return rid;
    }

    String remoteId() {
        return remoteId;
    }

    RouteInfo remoteInfo() {
        return remoteInfo;
    }

    RouteUrl url() {
        return url;
    }

    boolean didSolicit() {
        return didSolicit;
    }

    boolean isExplicit() {
        return explicit;
    }

    boolean retry() {
        return retry;
    }

    boolean isRegistered() {
        return registered;
    }

    long startMillis() {
        return startMillis;
    }

    long inMsgs() {
        RouteInbound in = inbound;
        return in == null ? 0 : in.inMsgs();
    }

    long inBytes() {
        RouteInbound in = inbound;
        return in == null ? 0 : in.inBytes();
    }

    long outMsgs() {
        return link.outMsgs();
    }

    long outBytes() {
        return link.outBytes();
    }

    /** @return the peer's interest, keys {@code "acc subject[ queue]"} to queue weights */
    Map<String, Integer> remoteSubs() {
        RouteInbound in = inbound;
        return in == null ? Map.of() : in.remoteSubs();
    }

    /** @return the TCP peer address, or null before connect */
    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /** @return {@code rid:<n> - <ip>:<port>}, for logs */
    String label() {
        InetSocketAddress a = remoteAddress();
        return "rid:" + rid + (a == null ? "" : " - " + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    @Override
    public String toString() {
        return label();
    }

    /** @return bytes on their way to the peer: the kernel's buffer and Netty's */
    long pendingBytes() {
        io.netty.channel.ChannelOutboundBuffer netty = channel.unsafe().outboundBuffer();
        RouteInbound in = inbound;
        return (netty == null ? 0 : netty.totalPendingWriteBytes()) + (in == null ? 0 : in.pendingBytes());
    }
}
