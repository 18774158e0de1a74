package io.natsj.topology.gateways;

import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.wire.PeerKeepalive;
import io.natsj.spi.topology.wire.GatewayReply;
import io.natsj.spi.topology.wire.PeerInbound;
import io.natsj.spi.topology.wire.WireFrames;
import io.natsj.spi.topology.wire.WireHandler;
import io.natsj.spi.topology.wire.WireOp;
import io.natsj.spi.topology.wire.WireQueueNames;
import io.natsj.spi.topology.wire.WireTrace;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One gateway connection. Gateway connections carry messages one way: this server sends its
 * clients' messages to another cluster on its outbound connection (dialled), and that cluster
 * tells it on that connection which subjects it wants (RS+/RS-); an inbound connection (accepted)
 * carries the other cluster's messages here, and this server's cluster interest back.
 *
 * <p>The handshake as nats-server's: the accepting side sends INFO; the dialling side checks it
 * names the gateway it dialled and answers CONNECT and its own INFO. PINGs go both ways.
 * Protocol calls run on the connection's event loop.
 */
final class GatewayConnection implements WireHandler {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.gateways");

    private final SuperCluster cluster;
    private final Channel channel;
    private final long cid;
    private final RemoteGateway dialled;
    private final String target;
    private final GatewayLink link;
    private final long startMillis = System.currentTimeMillis();
    private volatile GatewayReplyInterest replies;

    private volatile String remoteName;
    private volatile String remoteId = "";
    private volatile boolean connectReceived;
    private volatile boolean infoReceived;
    private volatile boolean registered;
    private volatile boolean closing;
    private volatile PeerInbound inbound;
    private volatile PeerSession session;
    private volatile OutboundInterest outbound;
    private final boolean tracing = WireTrace.enabled(LOG);
    /** nats-server pings gateways at least this often, whatever ping_interval says. */
    private static final long MAX_PING_MILLIS = 15_000;

    private final PeerKeepalive keepalive;
    volatile long lastActivityMillis = startMillis;

    /**
     * @param cluster the super-cluster membership
     * @param channel the connection
     * @param cid its connection id
     * @param dialled the remote gateway dialled, or null for an accepted connection
     * @param target the URL dialled ({@code host:port}), or null for an accepted connection
     */
    GatewayConnection(SuperCluster cluster, Channel channel, long cid, RemoteGateway dialled, String target) {
        this.target = target;
        this.cluster = cluster;
        this.channel = channel;
        this.cid = cid;
        this.dialled = dialled;
        this.remoteName = dialled == null ? null : dialled.name();
        this.link = new GatewayLink(this, channel);
        this.keepalive = new PeerKeepalive(new PeerKeepalive.Peer() {
            public boolean isClosing() {
                return GatewayConnection.this.isClosing();
            }
            public void sendPing() {
                sendLine("PING\r\n");
            }
            public void stale() {
                protocolError("Stale Connection", "Stale Connection");
            }
        }, channel.eventLoop(), () -> cluster.local().pingMax(),
                () -> Math.min(cluster.local().pingInterval().toMillis(), MAX_PING_MILLIS));
    }

    @Override
    public void active() {
        if (dialled == null) {
            LOG.log(System.Logger.Level.INFO, () -> label() + " - Processing inbound gateway connection");
            link.send(cluster.infoLine());
            if (cluster.options().user() != null) {
                channel.eventLoop().schedule(() -> {
                    if (!connectReceived) {
                        protocolError("Authentication Timeout", "no CONNECT in time");
                    }
                }, cluster.options().authTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            LOG.log(System.Logger.Level.INFO, () -> label() + " - Creating outbound gateway connection to \""
                    + remoteName + "\"");
        }
        keepalive.start();
    }

    @Override
    public boolean admit(WireOp op) {
        lastActivityMillis = System.currentTimeMillis();
        if (dialled == null && !connectReceived && op != WireOp.CONNECT && op != WireOp.PING && op != WireOp.PONG) {
            protocolError("Authorization Violation", "expected CONNECT, got " + op);
            return false;
        }
        return true;
    }

    @Override
    public void onConnect(ByteBuf json) {
        if (dialled != null) {
            protocolError(null, "CONNECT on an outbound gateway connection");
            return;
        }
        GatewayJson.Peer peer = read(json);
        if (peer == null) {
            return;
        }
        if (peer.gateway().isEmpty()) {
            protocolError("attempted to connect to gateway port", "a client or route connected to the gateway port");
            return;
        }
        if (!authorized(peer)) {
            // nats-server's words: "authentication error", closed for "Authentication Failure".
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - authentication error");
            protocolError("Authorization Violation", "Authentication Failure");
            return;
        }
        if (!cluster.acceptsInbound(peer.gateway())) {
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - Rejecting connection from gateway \""
                    + peer.gateway() + "\"");
            protocolError("Connection to gateway \"" + cluster.name() + "\" rejected", "unknown gateway");
            return;
        }
        remoteName = peer.gateway();
        connectReceived = true;
    }

    /** nats-server's isGatewayAuthorized with user and password (no TLS map). */
    private boolean authorized(GatewayJson.Peer peer) {
        String user = cluster.options().user();
        if (user == null) {
            return true;
        }
        String pass = cluster.options().password() == null ? "" : cluster.options().password();
        return java.security.MessageDigest.isEqual(user.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                peer.user().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                && java.security.MessageDigest.isEqual(pass.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                peer.pass().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onInfo(ByteBuf json) {
        GatewayJson.Peer info = read(json);
        if (info == null) {
            return;
        }
        boolean first = !infoReceived;
        infoReceived = true;
        if (dialled != null) {
            outboundInfo(info, first);
        } else if (first) {
            remoteId = info.serverId();
            joinInbound(info);
        }
    }

    private void outboundInfo(GatewayJson.Peer info, boolean first) {
        if (info.gateway().isEmpty()) {
            protocolError("Attempt to connect to gateway \"" + remoteName + "\" using wrong port", "wrong port");
            return;
        }
        if (!info.gateway().equals(remoteName)) {
            if (!first && info.cmd() == GatewayJson.CMD_GOSSIP) {
                cluster.implicit(info.gateway(), info.gatewayUrls(), true);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - Failing connection to gateway \"" + remoteName
                    + "\", remote gateway name is \"" + info.gateway() + "\"");
            protocolError("Connection from \"" + cluster.name() + "\" rejected, wanted to connect to \""
                    + remoteName + "\", this is \"" + info.gateway() + "\"", "wrong gateway");
            return;
        }
        if (!info.gatewayUrls().isEmpty()) {
            dialled.addUrls(info.gatewayUrls());
        }
        if (!first) {
            OutboundInterest out = outbound;
            if (info.cmd() == GatewayJson.CMD_ALL_SUBS_START || info.cmd() == GatewayJson.CMD_ALL_SUBS_COMPLETE) {
                if (info.cmdPayload() == null) {
                    String which = info.cmd() == GatewayJson.CMD_ALL_SUBS_START ? "start" : "complete";
                    protocolError("Account absent from receive-all-subscriptions-" + which + " command",
                            "gateway command without an account");
                } else if (out != null && info.cmd() == GatewayJson.CMD_ALL_SUBS_START) {
                    out.startSwitch(info.cmdPayload());
                } else if (out != null) {
                    out.completeSwitch(info.cmdPayload());
                }
                return;
            }
            if (info.cmd() == 0) {
                cluster.forwardToRoutes(remoteName, info.gatewayUrls());
            } else if (info.cmd() != GatewayJson.CMD_GOSSIP) {
                LOG.log(System.Logger.Level.WARNING, () -> "Received unknown command " + info.cmd()
                        + " from gateway \"" + remoteName + "\"");
            }
            return;
        }
        remoteId = info.serverId();
        // A peer before 2.9 does not announce interest-only mode: it is sent everything of an
        // account until it says otherwise (nats-server's optimistic mode).
        OutboundInterest out = new OutboundInterest(cluster.local(), !info.interestOnly(),
                dialled.hash().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        link.headers(cluster.local().headers() && info.headers());
        link.send(cluster.connectLine(remoteName, target));
        link.send(cluster.infoLine());
        if (!cluster.registerOutbound(this)) {
            close("duplicate outbound gateway connection");
            return;
        }
        registered = true;
        LOG.log(System.Logger.Level.INFO, () -> label() + " - Outbound gateway connection to \"" + remoteName
                + "\" (" + remoteId + ") registered");
        session = cluster.local().openSession(link, PeerKind.GATEWAY);
        inbound = new PeerInbound(cluster.local(), session, label(), channel.eventLoop());
        out.open(session, inbound);
        replies = new GatewayReplyInterest(cluster.local(), session, dialled.hash());
        outbound = out;
        link.outbound(out);
        // The rest of this cluster connects to that one too (nats-server's forwardNewGatewayToLocalCluster).
        cluster.forwardToRoutes(remoteName, info.gatewayUrls());
    }

    private void joinInbound(GatewayJson.Peer info) {
        if (!connectReceived) {
            protocolError("Authorization Violation", "INFO before CONNECT");
            return;
        }
        cluster.registerInbound(this);
        registered = true;
        LOG.log(System.Logger.Level.INFO, () -> label() + " - Inbound gateway connection from \"" + remoteName
                + "\" (" + remoteId + ") registered");
        session = cluster.local().openSession(link, PeerKind.GATEWAY);
        inbound = new PeerInbound(cluster.local(), session, label(), channel.eventLoop());
        link.sendInterest(session, cluster.local().accountNames());
        cluster.implicit(remoteName, info.gatewayUrls(), false);
        for (String line : cluster.gossipLines(remoteName)) {
            link.send(line);
        }
    }

    @Override
    public boolean tracing() {
        return tracing;
    }

    @Override
    public void traceIn(WireOp op, String text) {
        WireTrace.in(LOG, label(), text);
    }

    @Override
    public void tracePayload(ByteBuf buf, int at, int length) {
        WireTrace.inPayload(LOG, label(), buf, at, length);
    }

    /** @param line a whole protocol line to send now (an INFO again) */
    void sendLine(String line) {
        link.send(line);
    }

    @Override
    public void onPing() {
        link.send("PONG\r\n");
    }

    @Override
    public void onPong() {
        keepalive.pong();
    }

    @Override
    public void onErr(String text) {
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - Gateway Error " + text);
    }

    @Override
    public void onInterest(String account, String subject, String queue, int weight) {
        PeerInbound in = inbound;
        if (dialled == null || in == null) {
            protocolError(null, "RS+ on an inbound gateway connection");
            return;
        }
        outbound.interest(account, subject, queue, weight);
    }

    @Override
    public void onNoInterest(String account, String subject, String queue) {
        PeerInbound in = inbound;
        if (dialled == null || in == null) {
            protocolError(null, "RS- on an inbound gateway connection");
            return;
        }
        outbound.noInterest(account, subject, queue);
    }

    @Override
    public void onAccountInterest(String account, boolean interested) {
        OutboundInterest out = outbound;
        if (dialled == null || out == null) {
            protocolError(null, (interested ? "A+" : "A-") + " on an inbound gateway connection");
            return;
        }
        out.account(account, interested);
    }

    @Override
    public void onMessage(ByteBuf buf, int accountAt, int accountLength, MessageSlice message, WireQueueNames queues) {
        PeerInbound in = inbound;
        if (in == null) {
            protocolError(null, "message before the gateway connection was registered");
            return;
        }
        if (GatewayReply.is(message)) {
            if (!GatewayReply.isForCluster(message, cluster.hashBytes())) {
                return; // a reply for another cluster: nats-server drops it too
            }
            GatewayReply.strip(message);
        }
        if (in.message(buf, accountAt, accountLength, message, queues) != PeerInbound.Arrival.PLAIN_INTEREST) {
            AccountRef account = in.lastAccount();
            if (link.answers(account)) {
                // Past here only while the other side sends optimistically: Strings are fine.
                link.unwanted(account == null ? null : account.name(),
                        account == null ? buf.toString(accountAt, accountLength, StandardCharsets.UTF_8) : null,
                        message.buffer().toString(message.subjectOffset(), message.subjectLength(),
                                StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void endOfReadBatch() {
        PeerInbound in = inbound;
        if (in != null) {
            in.endOfReadBatch();
        }
    }

    @Override
    public void protocolError(String error, String reason) {
        if (closing) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - Gateway connection error: " + reason);
        closing = true;
        if (error == null) {
            channel.close();
            return;
        }
        if (tracing) {
            WireTrace.out(LOG, label(), WireFrames.err(error));
        }
        channel.writeAndFlush(WireFrames.ascii(channel.alloc(), WireFrames.err(error)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    void close(String reason) {
        if (!closing) {
            closing = true;
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Gateway connection closed: " + reason);
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
        link.discard();
        GatewayReplyInterest r = replies;
        if (r != null) {
            r.close();
        }
        PeerInbound in = inbound;
        if (in != null) {
            in.close();
        }
        cluster.closed(this);
    }

    private GatewayJson.Peer read(ByteBuf json) {
        try {
            return GatewayJson.read(json);
        } catch (IOException | RuntimeException e) {
            protocolError(null, "bad JSON: " + e.getMessage());
            return null;
        }
    }

    // ---- state for the super-cluster and /gatewayz -------------------------------------------

    boolean isOutbound() {
        return dialled != null;
    }

    boolean isRegistered() {
        return registered;
    }

    RemoteGateway dialled() {
        return dialled;
    }

    String remoteName() {
        return remoteName;
    }

    String remoteId() {
        return remoteId;
    }

    String localName() {
        return cluster.name();
    }

    /** @return the server's system account, null without one */
    String systemAccount() {
        return cluster.local().systemAccount();
    }

    long cid() {
        return cid;
    }

    long startMillis() {
        return startMillis;
    }

    long rttNanos() {
        return keepalive.rttNanos();
    }

    GatewayLink link() {
        return link;
    }

    PeerInbound inbound() {
        return inbound;
    }

    InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    String label() {
        InetSocketAddress a = remoteAddress();
        String where = a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
        return where + " - gid:" + cid;
    }
}
