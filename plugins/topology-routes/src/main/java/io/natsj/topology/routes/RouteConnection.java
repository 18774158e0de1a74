package io.natsj.topology.routes;

import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.wire.PeerKeepalive;
import io.natsj.spi.topology.wire.WireFrames;
import io.natsj.spi.topology.wire.WireHandler;
import io.natsj.spi.topology.wire.PeerInbound;
import io.natsj.spi.topology.wire.WireOp;
import io.natsj.spi.topology.wire.WireQueueNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One route connection, accepted or solicited: its place in the peer's pool, the peer's
 * interest and messages into the kernel's {@link PeerSession}, through its {@link RouteLink}
 * the kernel's messages and interest out to the peer, closing, and the state {@code /routez}
 * shows. The handshake is its {@link RouteHandshake}, keepalive the SPI's {@link PeerKeepalive}, and
 * who dialled it and why its {@link RouteSolicitation}.
 *
 * <p>Protocol calls run on the connection's event loop.
 */
final class RouteConnection implements WireHandler {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");

    private final RouteCluster cluster;
    private final Channel channel;
    private final long rid;
    private final boolean accepted;
    private final String expectedId;
    private final boolean poolDial;
    private final long startMillis = System.currentTimeMillis();
    private final RouteLink link;
    private final RouteHandshake handshake;
    private final PeerKeepalive keepalive;
    // Read once: the hot path checks a final field, not the logger.
    private final boolean tracing = RouteTrace.enabled();

    private final RouteSolicitation solicitation;
    // Pooling: the index asked for (solicited) or given by the peer (accepted), and whether both
    // ends agreed on a pool size; set before registration.
    private volatile int poolIdx;
    private volatile boolean pooled;

    private volatile String remoteId;
    private volatile RouteInfo remoteInfo;
    private volatile boolean closing;
    private volatile boolean registered;
    private volatile PeerInbound inbound;

    // Counters for /routez: inbound on the event loop, outbound under the kernel's outbound lock.
    volatile long lastActivityMillis = startMillis;

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
        this.solicitation = new RouteSolicitation(url, explicit);
        this.accepted = url == null;
        this.handshake = new RouteHandshake(this, cluster, channel);
        this.keepalive = new PeerKeepalive(new PeerKeepalive.Peer() {
            public boolean isClosing() {
                return RouteConnection.this.isClosing();
            }
            public void sendPing() {
                send("PING\r\n");
            }
            public void stale() {
                protocolError("Stale Connection", "Stale Connection");
            }
        }, channel.eventLoop(), cluster::pingMax, () -> cluster.pingInterval().toMillis());
    }

    // ---- handshake and keepalive (see RouteHandshake and PeerKeepalive) ----------------------

    @Override
    public void active() {
        handshake.start();
        keepalive.start();
        LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Route connection created");
    }

    @Override
    public boolean admit(WireOp op) {
        lastActivityMillis = System.currentTimeMillis();
        return handshake.admit(op);
    }

    @Override
    public void onConnect(ByteBuf json) {
        handshake.onConnect(json);
    }

    @Override
    public void onInfo(ByteBuf json) {
        handshake.onInfo(json);
    }

    /**
     * The handshake passed: registers with the cluster and, unless a duplicate, opens the
     * kernel session and sends our interest.
     *
     * @param info the peer's first INFO
     */
    void join(RouteInfo info) {
        remoteId = info.serverId;
        remoteInfo = info;
        link.headers(cluster.local().headers() && info.headers);
        solicitation.acceptedFrom(info, remoteAddress(), cluster.options());
        if (!cluster.register(this)) {
            return;
        }
        registered = true;
        LOG.log(System.Logger.Level.INFO, () -> label() + " - Route connection created");
        PeerSession session = cluster.local().openSession(link, PeerKind.ROUTE);
        inbound = new PeerInbound(cluster.local(), session, label(), channel.eventLoop());
        link.sendInterest(session);
        cluster.registered(this);
    }

    /**
     * Records what the handshake agreed on pooling, before registration.
     *
     * @param isPooled whether both ends agreed on a pool size
     * @param idx the pool index then, else 0
     */
    void pool(boolean isPooled, int idx) {
        poolIdx = idx;
        pooled = isPooled;
    }

    /**
     * @param account an account's name
     * @return true when this connection carries the account's interest: always, unless pooled,
     *     then only for the accounts that hash to its index
     */
    boolean carries(String account) {
        return !pooled || RoutePool.index(account, cluster.options().poolSize()) == poolIdx;
    }

    @Override
    public void onPing() {
        send("PONG\r\n");
    }

    @Override
    public void onPong() {
        keepalive.pong();
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
    public void onMessage(ByteBuf buf, int accountAt, int accountLength, MessageSlice message, WireQueueNames queues) {
        if (inbound != null) {
            inbound.message(buf, accountAt, accountLength, message, queues);
        }
        acknowledge();
    }

    /** A peer that asked for verbose gets +OK after each RS+, RS- and RMSG, as from nats-server. */
    private void acknowledge() {
        if (handshake.verbose()) {
            send("+OK\r\n");
        }
    }

    @Override
    public boolean tracing() {
        return tracing;
    }

    @Override
    public void traceIn(WireOp op, String text) {
        RouteTrace.in(this, op == WireOp.CONNECT ? RouteTrace.redactPassword(text) : text);
    }

    @Override
    public void tracePayload(ByteBuf buf, int at, int length) {
        RouteTrace.inPayload(this, buf, at, length);
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
            if (tracing && !line.startsWith("INFO ")) {
                RouteTrace.out(this, line);
            }
            channel.writeAndFlush(WireFrames.ascii(channel.alloc(), line), channel.voidPromise());
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
        if (tracing) {
            RouteTrace.out(this, WireFrames.err(error));
        }
        channel.writeAndFlush(WireFrames.ascii(channel.alloc(), WireFrames.err(error)))
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
        handshake.cancelAuthTimer();
        link.discard();
        if (inbound != null) {
            inbound.close();
        }
        cluster.closed(this);
    }

    // ---- state for the cluster and /routez ---------------------------------------------------

    /** Takes over the solicitation of a closed duplicate, so this connection is redialled if lost. */
    void inherit(RouteConnection duplicate) {
        solicitation.inherit(duplicate.solicitation);
    }

    /** See {@link RouteSolicitation#upgradeToSolicited}. */
    void upgradeToSolicited(RouteUrl dialled, boolean configured) {
        solicitation.upgradeToSolicited(dialled, configured);
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

    /** @param id the peer's server id, as its CONNECT or INFO names it */
    void remoteId(String id) {
        remoteId = id;
    }

    RouteInfo remoteInfo() {
        return remoteInfo;
    }

    /** @param info the peer's latest INFO about itself */
    void remoteInfo(RouteInfo info) {
        remoteInfo = info;
    }

    RouteUrl url() {
        return solicitation.url();
    }

    boolean didSolicit() {
        return solicitation.didSolicit();
    }

    /** @return true when the peer dialled this connection */
    boolean isAccepted() {
        return accepted;
    }

    boolean isExplicit() {
        return solicitation.isExplicit();
    }

    boolean retry() {
        return solicitation.retry();
    }

    boolean isRegistered() {
        return registered;
    }

    long startMillis() {
        return startMillis;
    }

    /** @return the last PING's round-trip time, 0 before the first PONG */
    long rttNanos() {
        return keepalive.rttNanos();
    }

    long inMsgs() {
        PeerInbound in = inbound;
        return in == null ? 0 : in.inMsgs();
    }

    long inBytes() {
        PeerInbound in = inbound;
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
        PeerInbound in = inbound;
        return in == null ? Map.of() : in.remoteSubs();
    }

    /** @return the TCP peer address, or null before connect */
    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /** @return {@code <ip>:<port> - rid:<n>}, the prefix of nats-server's route log lines */
    String label() {
        InetSocketAddress a = remoteAddress();
        return (a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort() + " - ") + "rid:" + rid;
    }

    @Override
    public String toString() {
        return label();
    }

    /** @return bytes on their way to the peer: the kernel's buffer and Netty's */
    long pendingBytes() {
        io.netty.channel.ChannelOutboundBuffer netty = channel.unsafe().outboundBuffer();
        PeerInbound in = inbound;
        return (netty == null ? 0 : netty.totalPendingWriteBytes()) + (in == null ? 0 : in.pendingBytes());
    }
}
