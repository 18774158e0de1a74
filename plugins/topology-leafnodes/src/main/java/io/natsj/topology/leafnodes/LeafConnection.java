package io.natsj.topology.leafnodes;

import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Permissions;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.wire.PeerInbound;
import io.natsj.spi.topology.wire.WireFrames;
import io.natsj.spi.topology.wire.WireHandler;
import io.natsj.spi.topology.wire.WireOp;
import io.natsj.spi.topology.wire.WireQueueNames;
import io.natsj.spi.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
    private static final long FIRST_PING_MILLIS = 1000;
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
    private volatile boolean infoReceived;
    private volatile boolean connectSent;
    private volatile boolean authenticating;
    private volatile LeafPermissions permissions;
    private volatile boolean finished;
    private volatile boolean closing;
    private volatile PeerInbound inbound;
    private volatile PeerSession session;
    private volatile AccountRef bound;
    private volatile long rttNanos;
    private volatile long inMsgs;
    private volatile long inBytes;
    private long pingSentNanos;
    private int pingsOut;

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
        if (remote != null || connectReceived || authenticating) {
            protocolError(null, "CONNECT on a solicited leaf connection");
            return;
        }
        LeafJson.Peer peer = read(json);
        if (peer == null) {
            return;
        }
        if (!peer.lang().isEmpty()) {
            protocolError("Attempted To Connect To Leafnode Port", "a client connected to the leafnode port");
            return;
        }
        if (!peer.gateway().isEmpty()) {
            protocolError("Rejecting connection from gateway \"" + peer.gateway() + "\" on the leafnode port",
                    "a gateway connected to the leafnode port");
            return;
        }
        LeafAuth auth = leaves.options().auth();
        if (auth.required()) {
            LeafAuth.User user = auth.check(peer.user(), peer.pass());
            if (user == null) {
                refused(peer, "authentication error");
                return;
            }
            admitted(peer, user.account() != null ? user.account() : LeafRemote.GLOBAL_ACCOUNT, null,
                    AuthResult.Limits.UNLIMITED);
            return;
        }
        // As nats-server: without leafnodes.authorization a leaf is checked as a client is.
        decide(peer, leaves.local().authenticate(new LeafAuthRequest(peer, nonce, remoteAddress(), tlsSession(), cid,
                webSocket)));
    }

    /** Acts on what the server's authentication answered for a leaf's CONNECT. */
    private void decide(LeafJson.Peer peer, AuthResult result) {
        switch (result) {
            case AuthResult.Accepted ok -> {
                Permissions perms = ok.permissions() == null || ok.permissions().isUnrestricted() ? null
                        : ok.permissions();
                long leafLimit = ok.limits() == null ? AuthResult.Limits.UNLIMITED
                        : ok.limits().accountLeafConnections();
                if (admitted(peer, ok.account() == null ? LeafRemote.GLOBAL_ACCOUNT : ok.account(), perms, leafLimit)
                        && ok.expires() != null) {
                    long millis = Math.max(0, ok.expires().toEpochMilli() - System.currentTimeMillis());
                    channel.eventLoop().schedule(() -> protocolError("User Authentication Expired",
                            "credentials expired"), millis, TimeUnit.MILLISECONDS);
                }
            }
            case AuthResult.Pending pending -> {
                // As the kernel does for clients: read nothing more until the answer is in.
                authenticating = true;
                channel.config().setAutoRead(false);
                pending.result().whenComplete((r, error) -> channel.eventLoop().execute(() -> {
                    authenticating = false;
                    channel.config().setAutoRead(true);
                    if (closing) {
                        return;
                    }
                    decide(peer, error != null || r == null || r instanceof AuthResult.Pending
                            ? new AuthResult.Rejected("no answer from the authenticator") : r);
                }));
            }
            case AuthResult.Rejected no -> refused(peer, no.reason());
            case AuthResult.NotApplicable na -> refused(peer, "no authenticator accepted the credentials");
        }
    }

    private void refused(LeafJson.Peer peer, String reason) {
        LOG.log(System.Logger.Level.ERROR, () -> label() + " - authentication error - User \""
                + (peer.user() == null ? "" : peer.user()) + "\": " + reason);
        protocolError("Authorization Violation", "authentication error");
    }

    /**
     * Binds an authenticated leaf to its account and answers with the second INFO, which
     * carries the user's permissions for the leaf to apply too.
     *
     * @param userPermissions the leaf user's permissions, or null when unrestricted
     * @param leafLimit the account's limit of leaf connections (its JWT's), negative for none
     */
    private boolean admitted(LeafJson.Peer peer, String accountName, Permissions userPermissions,
                             long leafLimit) {
        AccountRef ref = leaves.local().account(accountName);
        if (ref == null) {
            String name = accountName;
            protocolError("Authorization Violation", "no account \"" + name + "\" to bind the leaf to");
            return false;
        }
        if (!leaves.accountCounts().countIn(accountName, leafLimit)) {
            protocolError("maximum account active connections exceeded",
                    "account \"" + accountName + "\" is at its limit of " + leafLimit + " leaf connections");
            return false;
        }
        connectReceived = true;
        remoteName = peer.name();
        remoteId = peer.serverId();
        remoteDomain = peer.domain();
        link.headers(leaves.local().headers() && peer.headers());
        // As nats-server, reversed on the hub: what the user may subscribe to goes to the leaf.
        LeafPermissions granted = userPermissions == null ? LeafPermissions.NONE
                : LeafPermissions.of(userPermissions.subscribe(), userPermissions.publish());
        permissions = granted.withDeny(peer.denyPub(), List.of());
        link.send(leaves.infoLine(cid, null, accountName, userPermissions));
        register(ref, accountName);
        return true;
    }

    private SSLSession tlsSession() {
        SslHandler handler = channel.pipeline().get(SslHandler.class);
        return handler == null ? null : handler.engine().getSession();
    }

    @Override
    public void onInfo(ByteBuf json) {
        LeafJson.Peer info = read(json);
        if (info == null || remote == null) {
            return; // a hub ignores a leaf's INFO
        }
        boolean first = !infoReceived;
        infoReceived = true;
        if (first) {
            if (info.cid() == 0 || info.leafUrls() == null) {
                LOG.log(System.Logger.Level.ERROR, () -> label()
                        + " - Attempted to connect to route port or client port");
                close("wrong port");
                return;
            }
            leaves.remoteUrls(remote).learned(info.leafUrls(), info.wsUrls());
            remoteName = info.name();
            remoteId = info.serverId();
            remoteDomain = info.domain();
            link.headers(leaves.local().headers() && info.headers());
            applyHubPermissions(info);
            TlsContext tls;
            try {
                // Over WebSocket the TLS, if any, was done before the upgrade (nats-server 2.9.10).
                tls = webSocket ? null : leaves.tlsFor(remote, info.tlsRequired());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, () -> label() + " - TLS set-up error: " + e.getMessage());
                close("TLS set-up error");
                return;
            }
            if (tls == null) {
                sendConnect(info, false);
            } else {
                // As nats-server 2.9.10: the hub's INFO came in clear, the handshake follows it.
                LeafRemote.Url at = leaves.currentUrl(remote);
                SslHandler handler = tls.newClientHandler(channel.alloc(), leaves.remoteUrls(remote).tlsHost(at),
                        at.port());
                channel.pipeline().addFirst("tls", handler);
                handler.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        sendConnect(info, true);
                    } else {
                        LOG.log(System.Logger.Level.ERROR, () -> label() + " - TLS leafnode handshake error: "
                                + f.cause().getMessage());
                        close("TLS handshake error");
                    }
                });
            }
            return;
        }
        // Every INFO's lists are the hub cluster's as they are now (nats-server's updateLeafNodeURLs).
        leaves.remoteUrls(remote).learned(info.leafUrls(), info.wsUrls());
        applyHubPermissions(info);
        if (info.connectInfo() && connectSent) {
            finishSolicited();
        }
    }

    /** As nats-server's leaf: the hub's {@code export}/{@code import} with the remote's own denies. */
    private void applyHubPermissions(LeafJson.Peer info) {
        if (info.importPerms() != null || info.exportPerms() != null) {
            permissions = LeafPermissions.of(LeafPermissions.rules(info.exportPerms()),
                    LeafPermissions.rules(info.importPerms())).withDeny(remote.denyExports(), remote.denyImports());
        }
    }

    /** Sends CONNECT after the hub's first INFO (and the TLS handshake, if any). */
    private void sendConnect(LeafJson.Peer info, boolean tlsOn) {
        if (closing) {
            return;
        }
        String line;
        try {
            line = leaves.connectLine(remote, leaves.currentUrl(remote), info.headers(), tlsOn, info.nonce());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> label() + " - " + e.getMessage());
            close("no CONNECT");
            return;
        }
        link.send(line);
        connectSent = true;
        if (!info.infoOnConnect()) {
            finishSolicited();
        }
    }

    private void finishSolicited() {
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
        leaves.accountCounts().countIn(remote.account(), AuthResult.Limits.UNLIMITED);
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
        long jitter = ThreadLocalRandom.current().nextLong(FIRST_PING_MILLIS / 5 + 1);
        channel.eventLoop().schedule(this::pingTimer, FIRST_PING_MILLIS + jitter, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onPing() {
        link.send("PONG\r\n");
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
        if (pingsOut + 1 > leaves.local().pingMax()) {
            protocolError("Stale Connection", "Stale Connection");
            return;
        }
        pingsOut++;
        pingSentNanos = System.nanoTime();
        link.send("PING\r\n");
        channel.eventLoop().schedule(this::pingTimer, leaves.local().pingInterval().toMillis(), TimeUnit.MILLISECONDS);
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
        if (link.denies().refusesInterest(subject) && isLiteral(subject)) {
            // nats-server refuses the interest in a subject it denies (wildcards pass: their
            // messages are filtered on the way out).
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " - Not permitted to subscribe to \"" + subject + "\"");
            return;
        }
        if (!exempt(subject) && isLiteral(subject) && !permissions.mayDeliver(subject)) {
            if (remote == null) {
                // A hub cuts the leaf off, as nats-server does; a leaf just ignores the interest.
                LOG.log(System.Logger.Level.ERROR, () -> label() + " - Subscription Violation on \"" + subject
                        + "\" - Check other side configuration");
                protocolError("Permissions Violation for Subscription to \"" + subject + "\"", "permissions");
            }
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

    private static boolean isLiteral(String subject) {
        for (String token : subject.split("\\.", -1)) {
            if (token.equals("*") || token.equals(">")) {
                return false;
            }
        }
        return true;
    }

    LeafPermissions permissions() {
        return permissions;
    }

    @Override
    public void onNoInterest(String ignored, String subject, String queue) {
        PeerInbound in = inbound;
        if (in != null) {
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
        return rttNanos;
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
