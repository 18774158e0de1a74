package io.natsj.topology.leafnodes;

import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Permissions;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.wire.PeerInbound;
import io.natsj.spi.topology.wire.PeerKeepalive;
import io.natsj.spi.topology.wire.WireFrames;
import io.natsj.spi.topology.wire.WireHandler;
import io.natsj.spi.topology.wire.WireOp;
import io.natsj.spi.topology.wire.WireQueueNames;
import io.natsj.spi.subject.SubjectMatch;
import io.natsj.spi.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One leaf connection, bound to one local account. As nats-server 2.9.10: the hub (accepting
 * side) sends INFO at once; the leaf (dialling side) answers CONNECT, the hub checks it, binds
 * the connection to the user's account, sends a second INFO ({@code connect_info}) and its
 * interest; the leaf sends its own interest once it has that second INFO. Each side subscribes
 * its {@code $LDS.} subject: receiving one's own back means the leaf joins a loop. Protocol
 * calls run on the connection's event loop.
 */
final class LeafConnection implements WireHandler {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.leafnodes");
    /** nats-server's first PING delay. */
    /** nats-server's leafNodeReconnectAfterPermViolation / loop delay. */
    static final long LOOP_DELAY_MILLIS = 30_000;

    private final LeafNodes leaves;
    private final Channel channel;
    private final long cid;
    private final LeafRemote remote;
    private final LeafLink link;
    private final long startMillis = System.currentTimeMillis();
    private final String nonce;
    /** True behind WebSocket frames: their TLS (if any) is the transport's, none after INFO. */
    private final boolean webSocket;

    private volatile String remoteName = "";
    private volatile String remoteId = "";
    private volatile String remoteDomain = "";
    private volatile String account;
    private volatile boolean connectReceived;
    private volatile LeafPermissions permissions;
    private volatile boolean finished;
    private volatile boolean closing;
    private volatile PeerInbound inbound;
    private volatile PeerSession session;
    private volatile AccountRef bound;
    private volatile AccountRef.LeafSeat seat;
    private LeafSubscriptionLimit subscriptionLimit;
    private volatile long inMsgs;
    private volatile long inBytes;
    private final PeerKeepalive keepalive;
    /** The hub's decision on a leaf's CONNECT; unused on a solicited connection. */
    private final LeafAdmission admission;
    /** The leaf's side of the handshake; null on a connection accepted on the hub's port. */
    private final LeafSolicitation solicitation;

    /**
     * @param leaves the server's leaf nodes
     * @param channel the connection
     * @param cid its connection id
     * @param remote the remote dialled, or null for a leaf accepted on the hub's port
     * @param webSocket true when the leaf protocol runs inside WebSocket frames
     */
    LeafConnection(LeafNodes leaves, Channel channel, long cid, LeafRemote remote, boolean webSocket) {
        this.webSocket = webSocket;
        this.leaves = leaves;
        this.channel = channel;
        this.cid = cid;
        this.remote = remote;
        this.link = new LeafLink(this, channel);
        this.nonce = remote == null ? LeafNodes.randomToken(11) : null;
        this.permissions = remote == null ? LeafPermissions.NONE
                : LeafPermissions.NONE.withDeny(remote.denyExports(), remote.denyImports());
        this.admission = new LeafAdmission(this, leaves, channel, nonce, cid, webSocket);
        // A hub narrows it to the leaf's credentials when it admits the leaf.
        this.subscriptionLimit = LeafSubscriptionLimit.of(AuthResult.Limits.UNLIMITED, leaves.local().maxSubscriptions());
        this.solicitation = remote == null ? null
                : new LeafSolicitation(this, leaves, channel, remote, link, webSocket);
        this.keepalive = new PeerKeepalive(new PeerKeepalive.Peer() {
            public boolean isClosing() {
                return closing;
            }
            public void sendPing() {
                link.send("PING\r\n");
            }
            public void stale() {
                protocolError("Stale Connection", "Stale Connection");
            }
        }, channel.eventLoop(), () -> leaves.local().pingMax(), () -> leaves.local().pingInterval().toMillis());
    }

    @Override
    public void active() {
        if (remote == null) {
            LOG.log(System.Logger.Level.INFO, () -> label() + " - Leafnode connection created");
            // On the event loop the INFO is written now, in clear, before the TLS handler is in.
            link.send(leaves.infoLine(cid, nonce, null, null));
            // As nats-server 2.9.10: no leafnodes.tls behind a WebSocket (its own section's TLS).
            TlsContext tls = webSocket ? null : leaves.tls();
            if (tls == null) {
                startAuthTimer();
                return;
            }
            SslHandler handler = tls.newHandler(channel.alloc());
            channel.pipeline().addFirst("tls", handler);
            handler.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    startAuthTimer();
                } else {
                    LOG.log(System.Logger.Level.ERROR, () -> label() + " - TLS leafnode handshake error: "
                            + f.cause().getMessage());
                    close("TLS handshake error");
                }
            });
        } else {
            LOG.log(System.Logger.Level.INFO, () -> label() + " - Leafnode connection created for account: "
                    + remote.account());
        }
    }

    /** As nats-server, the CONNECT must come within the authorization timeout of the handshake. */
    private void startAuthTimer() {
        long timeout = leaves.options().auth().timeout().toMillis();
        channel.eventLoop().schedule(() -> {
            if (!connectReceived) {
                protocolError("Authentication Timeout", "no CONNECT in time");
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean admit(WireOp op) {
        if (remote == null && !connectReceived && op != WireOp.CONNECT) {
            protocolError("Authorization Violation", "expected CONNECT, got " + op);
            return false;
        }
        return true;
    }

    @Override
    public void onConnect(ByteBuf json) {
        if (remote != null || connectReceived || admission.authenticating()) {
            protocolError(null, "CONNECT on a solicited leaf connection");
            return;
        }
        LeafJson.Peer peer = read(json);
        if (peer == null) {
            return;
        }
        admission.check(peer);
    }

    /**
     * Binds an authenticated leaf to its account and answers with the second INFO, which
     * carries the user's permissions for the leaf to apply too.
     *
     * @param peer the leaf's CONNECT
     * @param accountName the account its credentials bind it to
     * @param userPermissions the leaf user's permissions, or null when unrestricted
     * @param limits what the credentials carry: the account's limit of leaf connections and
     *        the subscriptions the leaf may hold
     * @return false when the leaf was refused (no such account, or over the account's limit)
     */
    boolean admitted(LeafJson.Peer peer, String accountName, Permissions userPermissions,
                             AuthResult.Limits limits) {
        long leafLimit = limits.accountLeafConnections();
        AccountRef ref = leaves.local().account(accountName);
        if (ref == null) {
            String name = accountName;
            protocolError("Authorization Violation", "no account \"" + name + "\" to bind the leaf to");
            return false;
        }
        seat = ref.admitLeaf(leafLimit, this::evicted);
        if (seat == null) {
            protocolError("maximum account active connections exceeded",
                    "account \"" + accountName + "\" is at its limit of " + leafLimit + " leaf connections");
            return false;
        }
        connectReceived = true;
        subscriptionLimit = LeafSubscriptionLimit.of(limits.maxSubscriptions(), leaves.local().maxSubscriptions());
        identified(peer);
        // As nats-server, reversed on the hub: what the user may subscribe to goes to the leaf.
        LeafPermissions granted = userPermissions == null ? LeafPermissions.NONE
                : LeafPermissions.of(userPermissions.subscribe(), userPermissions.publish());
        permissions = granted.withDeny(peer.denyPub(), List.of());
        link.send(leaves.infoLine(cid, null, accountName, userPermissions));
        register(ref, accountName);
        return true;
    }

    /** The account turned out over its leaf limit, counting its cluster's leaves: this one goes. */
    private void evicted() {
        channel.eventLoop().execute(() -> protocolError("maximum account active connections exceeded",
                "account \"" + account + "\" is over its limit of leaf connections in the cluster"));
    }

    /** Counts the connection out of its account; called once it has closed. */
    void releaseSeat() {
        AccountRef.LeafSeat s = seat;
        if (s != null) {
            seat = null;
            s.release();
        }
    }

    @Override
    public void onInfo(ByteBuf json) {
        LeafJson.Peer info = read(json);
        if (info == null || remote == null) {
            return; // a hub ignores a leaf's INFO
        }
        solicitation.onInfo(info);
    }

    /**
     * The other side named itself, in its INFO (a hub) or its CONNECT (a leaf).
     *
     * @param peer what it sent
     */
    void identified(LeafJson.Peer peer) {
        remoteName = peer.name();
        remoteId = peer.serverId();
        remoteDomain = peer.domain();
        link.headers(leaves.local().headers() && peer.headers());
    }

    /** @param granted what the leaf may now send and be sent */
    void permissions(LeafPermissions granted) {
        permissions = granted;
    }

    /**
     * A solicited connection is bound to its remote's local account once the hub took the
     * CONNECT; without such a local account it is closed.
     */
    void finishSolicited() {
        if (finished) {
            return;
        }
        AccountRef ref = leaves.local().resolveAccount(remote.account());
        if (ref == null) {
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - No local account \"" + remote.account()
                    + "\" for leafnode");
            close("no local account");
            return;
        }
        seat = ref.admitLeaf(AuthResult.Limits.UNLIMITED, this::evicted);
        register(ref, remote.account());
    }

    private void register(AccountRef ref, String accountName) {
        finished = true;
        account = accountName;
        bound = ref;
        leaves.registered(this);
        LOG.log(System.Logger.Level.INFO, () -> label() + " - Leafnode connection " + (remote == null ? "from" : "to")
                + " \"" + remoteName + "\" (" + remoteId + ") registered for account \"" + accountName + "\"");
        LeafDenies denies = LeafDenies.of(leaves.local().jetStream(), leaves.local().systemAccount(), accountName,
                remoteDomain);
        if (!denies.both().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> label() + " - Adding deny " + denies.both() + " for account \""
                    + accountName + "\"");
        }
        link.denies(denies);
        session = leaves.local().openSession(link, PeerKind.LEAF);
        inbound = new PeerInbound(leaves.local(), session, label(), channel.eventLoop());
        link.sendInterest(session, accountName, leaves.loopSubject());
        keepalive.start();
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
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - Leafnode Error " + text);
        if (remote != null && text.contains("Loop detected")) {
            leaves.delayNextAttempt(remote, LOOP_DELAY_MILLIS);
        }
    }

    @Override
    public void onInterest(String ignored, String subject, String queue, int weight) {
        PeerInbound in = inbound;
        if (in == null) {
            protocolError(null, "LS+ before the leaf connection was registered");
            return;
        }
        if (subject.equals(leaves.loopSubject())) {
            String error = "Loop detected for leafnode account=\"" + account
                    + "\". Delaying attempt to reconnect for 30s";
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - " + error);
            if (remote != null) {
                leaves.delayNextAttempt(remote, LOOP_DELAY_MILLIS);
            }
            protocolError(error, "loop detected");
            return;
        }
        if (link.denies().refusesInterest(subject) && !SubjectMatch.hasWildcard(subject)) {
            // nats-server refuses the interest in a subject it denies (wildcards pass: their
            // messages are filtered on the way out).
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Not permitted to subscribe to \"" + subject + "\"");
            return;
        }
        if (!exempt(subject) && !SubjectMatch.hasWildcard(subject) && !permissions.mayDeliver(subject)) {
            if (remote == null) {
                // A hub cuts the leaf off, as nats-server does; a leaf just ignores the interest.
                LOG.log(System.Logger.Level.ERROR, () -> label() + " - Subscription Violation on \"" + subject
                        + "\" - Check other side configuration");
                protocolError("Permissions Violation for Subscription to \"" + subject + "\"", "permissions");
            }
            return;
        }
        if (!subscriptionLimit.admit(subject, queue)) {
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - " + LeafSubscriptionLimit.ERROR);
            link.send("-ERR '" + LeafSubscriptionLimit.ERROR + "'\r\n");
            return;
        }
        in.interest(account, subject, queue, weight);
    }

    /** @return true when this server may announce interest in the subject over this connection */
    boolean maySubscribe(String subject) {
        LeafPermissions p = permissions;
        return p == LeafPermissions.NONE || exempt(subject) || p.maySubscribe(subject);
    }

    /** Loop detection and gateway reply subjects pass whatever the permissions, as in nats-server. */
    private static boolean exempt(String subject) {
        return subject.startsWith("$LDS.") || subject.startsWith("_GR_.") || subject.startsWith("$GR.");
    }

    LeafPermissions permissions() {
        return permissions;
    }

    @Override
    public void onNoInterest(String ignored, String subject, String queue) {
        PeerInbound in = inbound;
        if (in != null) {
            subscriptionLimit.removed(subject, queue);
            in.noInterest(account, subject, queue);
        }
    }

    @Override
    public void onMessage(ByteBuf buf, int accountAt, int accountLength, MessageSlice message, WireQueueNames queues) {
        PeerSession s = session;
        if (s == null) {
            protocolError(null, "message before the leaf connection was registered");
            return;
        }
        inMsgs++;
        inBytes += message.bodyLength();
        s.deliver(bound, message, queues);
    }

    @Override
    public void endOfReadBatch() {
        PeerSession s = session;
        if (s != null) {
            s.endOfReadBatch();
        }
    }

    @Override
    public void protocolError(String error, String reason) {
        if (closing) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - Leafnode connection error: " + reason);
        closing = true;
        if (error == null) {
            channel.close();
            return;
        }
        channel.writeAndFlush(WireFrames.ascii(channel.alloc(), WireFrames.err(error)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    void close(String reason) {
        if (!closing) {
            closing = true;
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Leafnode connection closed: " + reason);
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
        PeerInbound in = inbound;
        if (in != null) {
            in.close();
        }
        if (finished) {
            LOG.log(System.Logger.Level.INFO, () -> label() + " - Leafnode connection closed: account: " + account);
        }
        leaves.closed(this);
    }

    private LeafJson.Peer read(ByteBuf json) {
        try {
            return LeafJson.read(json);
        } catch (IOException | RuntimeException e) {
            protocolError(null, "bad JSON: " + e.getMessage());
            return null;
        }
    }

    // ---- state for LeafNodes and /leafz -----------------------------------------------------

    /** @return true on the leaf side (this server dialled its hub) */
    /** @param line an asynchronous INFO line for the leaf connected here, from any thread */
    void sendInfo(String line) {
        link.send(line);
    }

    boolean isSolicited() {
        return remote != null;
    }

    LeafRemote remote() {
        return remote;
    }

    boolean isRegistered() {
        return finished && !closing;
    }

    String account() {
        return account;
    }

    String remoteName() {
        return remoteName;
    }

    long rttNanos() {
        return keepalive.rttNanos();
    }

    long inMsgs() {
        return inMsgs;
    }

    long inBytes() {
        return inBytes;
    }

    LeafLink link() {
        return link;
    }

    PeerInbound inbound() {
        return inbound;
    }

    long startMillis() {
        return startMillis;
    }

    InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    String label() {
        InetSocketAddress a = remoteAddress();
        String where = a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
        return where + " - lid:" + cid;
    }
}
