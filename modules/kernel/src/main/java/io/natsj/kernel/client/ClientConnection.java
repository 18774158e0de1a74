package io.natsj.kernel.client;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.auth.ConnectionPermissions;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.natsj.kernel.subject.MatchCache;
import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subjects;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.service.PublisherInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * One client connection: what it does with each operation the {@link ClientProtocolDecoder}
 * reads, delivery to it, writing to it and closing it. The CONNECT handling is in
 * {@link ClientConnect}, the subscriptions by sid in {@link ClientSubscriptions}, the counters
 * monitoring reads in {@link ClientStats}; the fields the publish and delivery paths read
 * (options, permissions, account, match cache) stay here. Every method except {@link #deliver}
 * runs on the connection's own event loop.
 */
public final class ClientConnection implements Subscriber {

    private static final byte[] OK = ClientServices.ascii("+OK\r\n");
    private static final byte[] PONG = ClientServices.ascii("PONG\r\n");

    private final ClientServices services;
    private final Channel channel;
    private final long id;
    private final ClientLimits limits;
    private final Outbound outbound;
    private final ClientOutput output;
    private final FlushSet flushes = new FlushSet();
    private final ClientSubscriptions subscriptions;
    private final CredentialLimits credentialLimits;
    private final ClientStats stats;
    private final PingTimer pingTimer;
    /** Requests from peers whose responses report latency; null until the first. */
    private volatile RemoteTracking remoteTracking;
    private final ClientSecurity security;
    private final ClientConnect connect;
    private boolean readingPaused;
    private Runnable resumeDecoding;
    private final boolean wrapped;
    private final String forwardedFor;
    private volatile ConnectionPermissions permissions;

    private Account account;
    private MatchCache matchCache;
    private ConnectOptions options = new ConnectOptions();
    private volatile boolean headers;
    private final RouteTargets targets = new RouteTargets();

    /**
     * @param services the server around the connection
     * @param channel the accepted channel
     */
    public ClientConnection(ClientServices services, Channel channel) {
        this(services, channel, false, null);
    }

    /**
     * @param services the server around the connection
     * @param channel the accepted channel
     * @param wrapped true when the transport wraps the byte stream (WebSocket): no TLS of the
     *        kernel's, and nats-server's {@code wid:} in log lines
     * @param forwardedFor the client's IP address as a proxy reported it, or null
     */
    public ClientConnection(ClientServices services, Channel channel, boolean wrapped, String forwardedFor) {
        this(services, channel, wrapped, forwardedFor, null, null);
    }

    /**
     * @param services the server around the connection
     * @param channel the accepted channel
     * @param wrapped true when the transport wraps the byte stream (WebSocket)
     * @param forwardedFor the client's IP address as a proxy reported it, or null
     * @param transportName the transport that accepted it, whose listener may authenticate its
     *        own way ({@link ClientServices#authentication(String)}), or null for the server's
     * @param cookieJwt the user JWT of the listener's {@code jwt_cookie}, or null
     */
    public ClientConnection(ClientServices services, Channel channel, boolean wrapped, String forwardedFor,
                            String transportName, String cookieJwt) {
        this.services = services;
        this.channel = channel;
        this.wrapped = wrapped;
        this.forwardedFor = forwardedFor == null ? "" : forwardedFor.contains(":") ? "[" + forwardedFor + "]/" : forwardedFor + "/";
        this.id = services.nextClientId();
        this.limits = services.limits();
        this.output = new ClientOutput(this, services, limits, flushes);
        this.outbound = output.outbound();
        this.pingTimer = new PingTimer(this, limits);
        this.security = new ClientSecurity(this, services, wrapped,
                transportName == null ? services.authentication() : services.authentication(transportName), cookieJwt,
                wrapped && transportName != null ? services.listenerTls(transportName) : null);
        this.subscriptions = new ClientSubscriptions(this, outbound);
        this.credentialLimits = new CredentialLimits(this, limits);
        this.stats = new ClientStats(outbound, pingTimer);
        this.connect = new ClientConnect(this, services, security, output);
        bindAccount(services.defaultAccount());
    }

    private void bindAccount(Account acc) {
        this.account = acc;
        this.matchCache = new MatchCache(acc.index());
    }

    /** @return true when the connection's listener requires authentication */
    public boolean authRequired() {
        return security.required();
    }

    /** Sends INFO (after or before TLS), or refuses the connection when the server is full. */
    void start() {
        byte[] info = ClientServices.ascii(services.infoLine(this));
        if (!services.register(this)) {
            output.queue(info);
            output.closeWithError(ProtocolErrors.MAX_CONNECTIONS, "Maximum Connections Exceeded");
            return;
        }
        Log.debug(label() + " - Client connection created");
        security.begin(() -> {
            output.queue(info);
            flushes.flushAll();
        });
        pingTimer.start();
    }

    /** @return the nonce INFO carries for signatures, or null */
    public String nonce() {
        return security.nonce();
    }

    /** @return true while authentication is required and no CONNECT has passed it */
    boolean mustConnectFirst() {
        return security.mustConnectFirst();
    }

    /** @return true while a CONNECT waits for an authenticator's answer: nothing more is decoded */
    boolean readingPaused() {
        return readingPaused;
    }

    /** @param decoding resumes decoding what was read meanwhile; set once by the decoder */
    void onResume(Runnable decoding) {
        this.resumeDecoding = decoding;
    }

    /** Stops reading and decoding until {@link #resumeReading()} (a CONNECT awaiting an auth callout). */
    void pauseReading() {
        readingPaused = true;
        channel().config().setAutoRead(false);
    }

    /** Decodes what arrived while paused and reads again; on the event loop. */
    void resumeReading() {
        readingPaused = false;
        if (!output.isClosing()) {
            channel().config().setAutoRead(true);
        }
        if (resumeDecoding != null) {
            resumeDecoding.run();
        }
    }

    // ---- operations read from the client ----

    void onConnect(ByteBuf json) {
        pingTimer.connectReceived();
        connect.onConnect(json);
    }

    /** An admitting CONNECT: the user's permissions, and its account when that is another. */
    void admit(ConnectionPermissions perms, Account acc) {
        permissions = perms;
        if (acc != account) {
            matchCache.retire();
            bindAccount(acc);
        }
    }

    /** @param parsed the options of an accepted CONNECT, merged with those before */
    void useOptions(ConnectOptions parsed) {
        options = parsed;
        headers = parsed.headers;
    }

    /**
     * The pedantic check of a publish subject, made when the PUB line is read: nats-server only
     * flags it, and the message still goes out (to {@code foo.*} literally).
     *
     * @return false when the check failed and the client was told
     */
    boolean checkPublishSubject(ByteBuf buffer, int offset, int length) {
        if (options.pedantic && !Subjects.isValidLiteralSubject(buffer, offset, length)) {
            output.sendError(ProtocolErrors.INVALID_PUBLISH_SUBJECT);
            return false;
        }
        return true;
    }

    void onPub(InboundMessage m) {
        stats.received(m.bodyLength());
        ConnectionPermissions perms = permissions;
        if (perms != null) {
            String subject = m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8);
            if (!perms.canPublish(subject)) {
                output.sendError("Permissions Violation for Publish to \"" + subject + "\"");
                return;
            }
        }
        if (options.verbose) {
            output.queue(OK);
        }
        RemoteTracking tracked = remoteTracking;
        if (tracked != null && !tracked.isEmpty()) {
            RemoteTracking.Request r = tracked.take(Republisher.subject(m));
            if (r != null) {
                services.remoteLatency(this, r.account(), Republisher.subject(m), r.startNanos(), r.startEpochNanos());
            }
        }
        MatchResult result = matchCache.match(m.buffer(), m.subjectOffset(), m.subjectLength());
        if (!result.isEmpty()) {
            MessageRouter.route(this, options.echo, m, result, flushes, targets, account.nameBytes());
        } else if (m.replyLength() > 0 && options.noResponders) {
            NoResponders.reply(this, m, account.index());
        }
    }

    void onSub(String subject, String queue, String sid) {
        String error = subscriptions.subscribe(permissions, subject, queue, sid);
        if (error != null) {
            output.sendError(error);
        } else if (options.verbose) {
            output.queue(OK);
        }
    }

    void onUnsub(String sid, long max) {
        subscriptions.unsubscribe(sid, max);
        if (options.verbose) {
            output.queue(OK);
        }
    }

    void onPing() {
        output.queue(PONG);
    }

    void onPong() {
        pingTimer.pongReceived();
    }

    void onActivity() {
        stats.activity();
    }

    /** Flushes every connection written to during the read batch that just ended. */
    void endOfReadBatch() {
        flushes.flushAll();
    }

    // ---- delivery, from any publisher's thread ----

    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet publisherFlushes) {
        ConnectionPermissions perms = permissions;
        if (perms != null && !permitted(perms, sub, m)) {
            return false;
        }
        boolean withHeaders = m.headerLength() > 0 && headers;
        int size = MessageFrames.size(m, sub.sidBytes(), withHeaders);
        boolean limitReached;
        boolean flushNow;
        outbound.lock();
        try {
            long max = sub.maxMessages();
            if (sub.isClosed() || (max > 0 && sub.delivered() >= max)) {
                return false;
            }
            ByteBuf out = outbound.reserve(size);
            if (out == null) {
                output.slowConsumer();
                return false;
            }
            MessageFrames.write(out, m, sub.sidBytes(), withHeaders);
            stats.sent(m.bodyLength());
            limitReached = sub.countDelivery() == max;
            // Half of max_pending waiting here: write it now instead of at the batch's end,
            // so that a subscriber that keeps up is never mistaken for a slow one.
            flushNow = out.readableBytes() > limits.maxPending() / 2;
        } finally {
            outbound.unlock();
        }
        if (Log.isTrace()) {
            ProtocolTrace.delivery(this, m, sub.sidBytes(), withHeaders);
        }
        if (RemoteTracking.isTrackedReply(m)) {
            // A measured request: nats-server measures the responder's RTT now if unknown.
            if (m.publisher() == null) {
                trackRemote(m);
            } else if (stats.rttNanos() == 0) {
                measureRtt();
            }
        }
        if (flushNow) {
            outbound.flush();
        } else {
            publisherFlushes.add(outbound);
        }
        if (limitReached) {
            autoUnsubscribe(sub);
        }
        return true;
    }

    /**
     * The delivery side of permissions: a wildcard subscription does not receive denied
     * subjects (dropped silently, as nats-server does), and a request's reply subject becomes
     * publishable for a user with allow_responses.
     */
    private static boolean permitted(ConnectionPermissions perms, Subscription sub, InboundMessage m) {
        if (perms.hasSubscribeDeny() && SubjectMatch.hasWildcard(sub.subject())
                && perms.deniedDelivery(m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8))) {
            return false;
        }
        if (perms.tracksResponses() && m.replyLength() > 0) {
            perms.requestReceived(m.buffer().toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8));
        }
        return true;
    }

    @Override
    public void autoUnsubscribe(Subscription sub) {
        subscriptions.remove(sub);
        interestEnded(sub);
    }

    /**
     * An UNSUB (or its maximum reached) removed a subscription: a measured service request
     * whose reply nobody in the account wants any more reports 408, as nats-server's
     * {@code checkForReverseEntry}. Not called when the connection closes, as in nats-server.
     */
    void interestEnded(Subscription sub) {
        services.replyInterestEnded(account, sub.subject());
    }

    // ---- writing to this client ----

    /**
     * Sends an async INFO (cluster changes, lame duck mode) to a client that speaks protocol 1;
     * others would not understand it. Safe from any thread.
     *
     * @param infoLine the whole INFO line
     */
    public void sendAsyncInfo(String infoLine) {
        channel.eventLoop().execute(() -> {
            if (!output.isClosing() && options.protocol >= 1) {
                output.queue(ClientServices.ascii(infoLine));
                output.flush();
            }
        });
    }

    /** Releases everything once the channel is closed. */
    void closed() {
        output.closed();
        security.stop();
        matchCache.retire();
        pingTimer.stop();
        credentialLimits.cancel();
        stats.stop();
        subscriptions.closeAll();
        services.unregister(this);
        Log.debug(label() + " - Client connection closed: " + output.closeReason());
    }

    // ---- what monitoring and the server read ----

    /** @return the client id */
    public long id() {
        return id;
    }

    /** @return the channel */
    public Channel channel() {
        return channel;
    }

    /** @return the account */
    public Account account() {
        return account;
    }

    /** @return this connection's match cache, for monitoring */
    public MatchCache matchCache() {
        return matchCache;
    }

    /** @return the subscriptions it held when it closed (empty while open) */
    public List<Subscription> subscriptionsAtClose() {
        return subscriptions.atClose();
    }

    /** @return true once a CONNECT was accepted */
    public boolean isAdmitted() {
        return connect.isAdmitted();
    }

    /**
     * Closes the connection because the server stops (shutdown, lame duck), as nats-server's
     * ServerShutdown: what is queued is written first, and a WebSocket client gets 1001.
     *
     * @return completes when the channel is closed
     */
    public io.netty.channel.ChannelFuture closeForShutdown() {
        channel.eventLoop().execute(() -> output.close("Server Shutdown"));
        return channel.closeFuture();
    }

    /** @return why the connection closed (or will), in nats-server's words */
    public String closeReason() {
        return output.closeReason();
    }

    /** @return the authenticated user, or null */
    public String user() {
        return connect.user();
    }

    /** @return the TLS session, or null on a plain connection */
    public javax.net.ssl.SSLSession tlsSession() {
        return security.session();
    }

    /** @return who this connection is, for internal subscribers; made once per CONNECT, not per message */
    public PublisherInfo publisherInfo() {
        return connect.publisherInfo();
    }

    /** @return the CONNECT options (defaults until CONNECT arrives) */
    public ConnectOptions options() {
        return options;
    }

    /** @return the connection's subscriptions */
    public Collection<Subscription> subscriptions() {
        return subscriptions.all();
    }

    /**
     * A peer's request for one of this account's services with a tracked reply: remembered
     * (and the RTT measured if unknown) so the response reports its latency, as nats-server's
     * {@code trackRemoteReply}.
     */
    private void trackRemote(InboundMessage m) {
        String subject = Republisher.subject(m);
        for (var export : account.exports()) {
            if (export.service() && io.natsj.spi.subject.SubjectMatch.matches(export.subject(), subject)) {
                RemoteTracking tracked = remoteTracking;
                if (tracked == null) {
                    synchronized (this) {
                        if (remoteTracking == null) {
                            remoteTracking = new RemoteTracking();
                        }
                        tracked = remoteTracking;
                    }
                }
                tracked.add(Republisher.reply(m), account.name(), export.responseThreshold().toNanos());
                if (stats.rttNanos() == 0) {
                    measureRtt();
                }
                return;
            }
        }
    }

    /**
     * Has the round trip measured with a PING when it is still unknown (service latency
     * tracking). Called on the connection's event loop.
     */
    public void measureRtt() {
        if (channel.eventLoop().inEventLoop()) {
            pingTimer.measureRtt();
        } else {
            channel.eventLoop().execute(pingTimer::measureRtt);
        }
    }

    /** @return its counters and times, for monitoring */
    public ClientStats stats() {
        return stats;
    }

    /** @return true once closing has begun */
    public boolean isClosing() {
        return output.isClosing();
    }

    /** @return the peer address */
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress remote ? remote : null;
    }

    /**
     * Sends {@code -ERR '<error>'} and closes, from any thread: the close runs on the
     * connection's event loop, which owns its output.
     *
     * @param error the error text
     * @param reason the close reason monitoring reports
     */
    public void closeWithError(String error, String reason) {
        channel.eventLoop().execute(() -> output.closeWithError(error, reason));
    }

    /**
     * Replaces the limits its credentials set (an account update), from any thread; a
     * connection now over its subscription limit is told so and closed, as nats-server does.
     *
     * @param limits the new limits
     */
    public void applyLimits(io.natsj.spi.auth.AuthResult.Limits limits) {
        channel.eventLoop().execute(() -> {
            if (!credentialLimits.update(limits, subscriptions().size())) {
                output.closeWithError(io.natsj.kernel.protocol.ProtocolErrors.MAX_SUBSCRIPTIONS,
                        "Maximum Subscriptions Exceeded");
            }
        });
    }

    /** @return what it writes of its own and how it closes */
    ClientOutput output() {
        return output;
    }

    /** @return the connection's limits as its credentials narrow the server's */
    CredentialLimits credentialLimits() {
        return credentialLimits;
    }

    /** @return true when the transport wraps the byte stream (a WebSocket client) */
    public boolean isWrapped() {
        return wrapped;
    }

    /** @return the limits this connection runs with */
    ClientLimits limits() {
        return limits;
    }

    String label() {
        String addr = channel.remoteAddress() instanceof InetSocketAddress remote
                ? remote.getAddress().getHostAddress() + ":" + remote.getPort()
                : String.valueOf(channel.remoteAddress());
        return forwardedFor + addr + (wrapped ? " - wid:" : " - cid:") + id;
    }
}
