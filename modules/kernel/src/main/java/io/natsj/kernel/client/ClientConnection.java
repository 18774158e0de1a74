package io.natsj.kernel.client;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.auth.Authentication;
import io.natsj.kernel.auth.ConnectionPermissions;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.protocol.ConnectJson;
import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.natsj.kernel.subject.MatchCache;
import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subjects;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.service.PublisherInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection: its CONNECT options, subscriptions and counters, and what it does
 * with each operation the {@link ClientProtocolDecoder} reads. Every method except
 * {@link #deliver} runs on the connection's own event loop.
 */
public final class ClientConnection implements Subscriber {

    private static final byte[] OK = ClientServices.ascii("+OK\r\n");
    private static final byte[] PING = ClientServices.ascii("PING\r\n");
    private static final byte[] PONG = ClientServices.ascii("PONG\r\n");

    private final ClientServices services;
    private final Channel channel;
    private final long id;
    private final ClientLimits limits;
    private final Outbound outbound;
    private final FlushSet flushes = new FlushSet();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Instant started = Instant.now();
    private final PingTimer pingTimer;
    private final ClientSecurity security;
    private final boolean wrapped;
    private volatile ConnectionPermissions permissions;
    private String user;

    private Account account;
    private MatchCache matchCache;
    private ConnectOptions options = new ConnectOptions();
    /** How internal subscribers (JetStream) name this publisher; remade after each CONNECT. */
    private PublisherCache publisherInfo;
    private volatile boolean headers;
    private volatile boolean closing;
    private boolean admitted;
    private volatile java.time.Instant stopped;
    private volatile List<Subscription> subscriptionsAtClose = List.of();
    private final RouteTargets targets = new RouteTargets();
    private String closeReason = "Client Closed";

    private long inMsgs;
    private long inBytes;
    private long outMsgs; // guarded by the outbound lock
    private long outBytes; // guarded by the outbound lock
    private volatile long lastActivityNanos = System.nanoTime();

    /**
     * @param services the server around the connection
     * @param channel the accepted channel
     */
    public ClientConnection(ClientServices services, Channel channel) {
        this(services, channel, false);
    }

    /**
     * @param services the server around the connection
     * @param channel the accepted channel
     * @param wrapped true when the transport wraps the byte stream (WebSocket): no TLS of the
     *        kernel's, and nats-server's {@code wid:} in log lines
     */
    public ClientConnection(ClientServices services, Channel channel, boolean wrapped) {
        this.services = services;
        this.channel = channel;
        this.wrapped = wrapped;
        this.id = services.nextClientId();
        this.limits = services.limits();
        this.outbound = new Outbound(channel, limits.maxPending(), limits.writeDeadline().toNanos(),
                this::writeDeadlineExceeded, this::slowConsumer);
        this.pingTimer = new PingTimer(this, limits);
        this.security = new ClientSecurity(this, services, wrapped);
        bindAccount(services.defaultAccount());
    }

    private void bindAccount(Account acc) {
        this.account = acc;
        this.matchCache = new MatchCache(acc.index());
    }

    /** Sends INFO (after or before TLS), or refuses the connection when the server is full. */
    void start() {
        byte[] info = ClientServices.ascii(services.infoLine(this));
        if (!services.register(this)) {
            queue(info);
            closeWithError(ProtocolErrors.MAX_CONNECTIONS, "Maximum Connections Exceeded");
            return;
        }
        Log.debug(label() + " - Client connection created");
        security.begin(() -> {
            queue(info);
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

    // ---- operations read from the client ----

    void onConnect(ByteBuf json) {
        pingTimer.connectReceived();
        ConnectOptions parsed;
        try {
            // A later CONNECT changes only the fields it names, as nats-server merges it into the
            // options it has (a copy, so that readers elsewhere never see a half-merged one).
            parsed = ConnectJson.merge(new ByteBufInputStream(json), options.copy());
        } catch (IOException | RuntimeException e) {
            close("Protocol Violation");
            return;
        }
        if (parsed.protocol < 0 || parsed.protocol > 1) {
            closeWithError(ProtocolErrors.INVALID_PROTOCOL, "Bad Client Protocol Version");
            return;
        }
        if (parsed.noResponders && !parsed.headers) {
            closeWithError("no responders requires headers support", "Protocol Violation");
            return;
        }
        Authentication.Outcome outcome = security.authenticate(parsed);
        if (outcome instanceof Authentication.Outcome.Refused refused) {
            Log.error(label() + " - authentication error - " + refused.reason());
            closeWithError(ProtocolErrors.AUTHORIZATION_VIOLATION, "Authentication Failure");
            return;
        }
        if (outcome instanceof Authentication.Outcome.Admitted admitted) {
            user = admitted.user();
            permissions = admitted.permissions();
            if (admitted.account() != account) {
                matchCache.retire();
                bindAccount(admitted.account());
            }
        }
        options = parsed;
        headers = parsed.headers;
        if (!admitted) {
            admitted = true;
            services.admitted(this);
        }
        if (parsed.verbose) {
            queue(OK);
        }
    }

    /**
     * The pedantic check of a publish subject, made when the PUB line is read: nats-server only
     * flags it, and the message still goes out (to {@code foo.*} literally).
     *
     * @return false when the check failed and the client was told
     */
    boolean checkPublishSubject(ByteBuf buffer, int offset, int length) {
        if (options.pedantic && !Subjects.isValidLiteralSubject(buffer, offset, length)) {
            sendError(ProtocolErrors.INVALID_PUBLISH_SUBJECT);
            return false;
        }
        return true;
    }

    /**
     * A PUB or HPUB over max_payload: told, logged and closed as nats-server does. Reading stops
     * at once, so the payload stays unread. nats-server's socket, closed with bytes unread, is
     * reset; the JDK would send a FIN first (it shuts output down before closing a registered
     * channel), so when payload bytes came with the line natsj resets explicitly (SO_LINGER 0).
     *
     * @param size the size the client announced
     * @param payloadFollows whether bytes came after the line in the same read
     */
    void maxPayloadViolation(int size, boolean payloadFollows) {
        Log.error(label() + " - maximum payload exceeded: " + size + " vs " + limits.maxPayload());
        channel.config().setAutoRead(false);
        if (payloadFollows) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        closeWithError(ProtocolErrors.MAX_PAYLOAD, "Maximum Message Payload Exceeded");
    }

    /** @param text what the client's {@code -ERR} said; nats-server logs it and closes */
    void onClientError(String text) {
        Log.error(label() + " - Client Error " + text);
        close("Parse Error");
    }

    void onPub(InboundMessage m) {
        inMsgs++;
        inBytes += m.bodyLength();
        ConnectionPermissions perms = permissions;
        if (perms != null) {
            String subject = m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8);
            if (!perms.canPublish(subject)) {
                sendError("Permissions Violation for Publish to \"" + subject + "\"");
                return;
            }
        }
        if (options.verbose) {
            queue(OK);
        }
        MatchResult result = matchCache.match(m.buffer(), m.subjectOffset(), m.subjectLength());
        if (!result.isEmpty()) {
            MessageRouter.route(this, options.echo, m, result, flushes, targets, account.nameBytes());
        } else if (m.replyLength() > 0 && options.noResponders) {
            NoResponders.reply(this, m, account.index());
        }
    }

    void onSub(String subject, String queue, String sid) {
        // nats-server's order: permissions and the limit first, then a known sid is a no-op (its
        // subject not even validated), and only a new subscription's subject is checked.
        ConnectionPermissions perms = permissions;
        if (perms != null) {
            String violation = perms.subscribeViolation(subject, queue);
            if (violation != null) {
                sendError(violation);
                return;
            }
        }
        if (limits.maxSubscriptions() > 0 && subscriptions.size() >= limits.maxSubscriptions()) {
            sendError(ProtocolErrors.MAX_SUBSCRIPTIONS);
            return;
        }
        if (!subscriptions.containsKey(sid)) {
            if (!Subjects.isValidSubscribeSubject(subject)) {
                sendError(ProtocolErrors.INVALID_SUBJECT);
                return;
            }
            Subscription sub = new Subscription(this, subject, queue, sid);
            subscriptions.put(sid, sub);
            account.index().insert(sub);
        }
        if (options.verbose) {
            queue(OK);
        }
    }

    void onUnsub(String sid, long max) {
        Subscription sub = subscriptions.get(sid);
        if (sub != null) {
            boolean removeNow = max <= 0;
            if (!removeNow) {
                outbound.lock();
                try {
                    sub.setMaxMessages(max);
                    removeNow = sub.delivered() >= max;
                } finally {
                    outbound.unlock();
                }
            }
            if (removeNow) {
                removeSubscription(sub);
            }
        }
        if (options.verbose) {
            queue(OK);
        }
    }

    void onPing() {
        queue(PONG);
    }

    void onPong() {
        pingTimer.pongReceived();
    }

    void onActivity() {
        lastActivityNanos = System.nanoTime();
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
                slowConsumer();
                return false;
            }
            MessageFrames.write(out, m, sub.sidBytes(), withHeaders);
            outMsgs++;
            outBytes += m.bodyLength();
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
        if (perms.hasSubscribeDeny() && Subjects.hasWildcard(sub.subject())
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
        removeSubscription(sub);
    }

    private void removeSubscription(Subscription sub) {
        if (subscriptions.remove(sub.sid(), sub)) {
            sub.markClosed();
            account.index().remove(sub);
        }
    }

    private void writeDeadlineExceeded() {
        if (closing) {
            return;
        }
        closing = true;
        closeReason = "Slow Consumer (Write Deadline)";
        Log.info(label() + " - Slow Consumer Detected: WriteDeadline of " + limits.writeDeadline() + " exceeded");
        services.slowConsumer(this);
        channel.close();
    }

    private void slowConsumer() {
        if (closing) {
            return;
        }
        closing = true;
        closeReason = "Slow Consumer (Pending Bytes)";
        Log.info(label() + " - Slow Consumer Detected: MaxPending of " + limits.maxPending() + " Exceeded");
        services.slowConsumer(this);
        channel.close();
    }

    // ---- writing to this client ----

    /**
     * Appends protocol bytes to this connection's outbound buffer; flushed at the end of the
     * read batch (or by the caller through {@link #flush()}).
     *
     * @param bytes a whole protocol line
     */
    void queue(byte[] bytes) {
        if (Log.isTrace()) {
            ProtocolTrace.out(this, bytes);
        }
        outbound.lock();
        try {
            ByteBuf out = outbound.reserve(bytes.length);
            if (out == null) {
                if (!closing) {
                    slowConsumer();
                }
                return;
            }
            out.writeBytes(bytes);
        } finally {
            outbound.unlock();
        }
        flushes.add(outbound);
    }

    /** Writes what is queued now, outside a read batch (timers, async INFO). */
    void flush() {
        flushes.flushAll();
    }

    /**
     * Sends an async INFO (cluster changes, lame duck mode) to a client that speaks protocol 1;
     * others would not understand it. Safe from any thread.
     *
     * @param infoLine the whole INFO line
     */
    public void sendAsyncInfo(String infoLine) {
        channel.eventLoop().execute(() -> {
            if (!closing && options.protocol >= 1) {
                queue(ClientServices.ascii(infoLine));
                flush();
            }
        });
    }

    void sendPing() {
        queue(PING);
        flush();
    }

    /** @param text an error that leaves the connection open */
    void sendError(String text) {
        Log.debug(label() + " - Client error: " + text);
        queue(ClientServices.ascii(ProtocolErrors.line(text)));
    }

    /**
     * Sends {@code -ERR}, then closes once it is written.
     *
     * @param text the error text
     * @param reason why, for the log and monitoring
     */
    void closeWithError(String text, String reason) {
        if (closing) {
            return;
        }
        Log.debug(label() + " - Client error: " + text);
        queue(ClientServices.ascii(ProtocolErrors.line(text)));
        flushes.flushAll();
        closing = true;
        closeReason = reason;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Closes without a word to the client.
     *
     * @param reason why, for the log and monitoring
     */
    void close(String reason) {
        if (closing) {
            return;
        }
        flushes.flushAll();
        closing = true;
        closeReason = reason;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Releases everything once the channel is closed. */
    void closed() {
        closing = true;
        security.stop();
        matchCache.retire();
        pingTimer.stop();
        outbound.close();
        stopped = java.time.Instant.now();
        subscriptionsAtClose = List.copyOf(subscriptions.values());
        for (Subscription sub : subscriptions.values()) {
            removeSubscription(sub);
        }
        services.unregister(this);
        Log.debug(label() + " - Client connection closed: " + closeReason);
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

    /** @return when the connection closed, or null while it is open */
    public java.time.Instant stopped() {
        return stopped;
    }

    /** @return the subscriptions it held when it closed (empty while open) */
    public List<Subscription> subscriptionsAtClose() {
        return subscriptionsAtClose;
    }

    /** @return true once a CONNECT was accepted */
    public boolean isAdmitted() {
        return admitted;
    }

    /** @return why the connection closed (or will), in nats-server's words */
    public String closeReason() {
        return closeReason;
    }

    /** @return the authenticated user, or null */
    public String user() {
        return user;
    }

    /** @return the TLS session, or null on a plain connection */
    public javax.net.ssl.SSLSession tlsSession() {
        return security.session();
    }

    /** @return who this connection is, for internal subscribers; made once per CONNECT, not per message */
    public PublisherInfo publisherInfo() {
        PublisherCache cached = publisherInfo;
        ConnectOptions o = options;
        if (cached == null || cached.options() != o) {
            String host = remoteAddress() == null ? "" : remoteAddress().getAddress().getHostAddress();
            cached = new PublisherCache(o, new PublisherInfo(account.name(), id(), host, nz(o.name), nz(user),
                    nz(o.lang), nz(o.version)));
            publisherInfo = cached;
        }
        return cached.info();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The info and the options (one per CONNECT: account and user change only with them) it was made from. */
    private record PublisherCache(ConnectOptions options, PublisherInfo info) {
    }

    /** @return the CONNECT options (defaults until CONNECT arrives) */
    public ConnectOptions options() {
        return options;
    }

    /** @return the connection's subscriptions */
    public Collection<Subscription> subscriptions() {
        return subscriptions.values();
    }

    /** @return when the connection was accepted */
    public Instant started() {
        return started;
    }

    /** @return nanoTime of the last operation read */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** @return messages received from the client */
    public long inMsgs() {
        return inMsgs;
    }

    /** @return body bytes received from the client */
    public long inBytes() {
        return inBytes;
    }

    /** @return messages sent to the client */
    public long outMsgs() {
        return outMsgs;
    }

    /** @return body bytes sent to the client */
    public long outBytes() {
        return outBytes;
    }

    /** @return bytes waiting to be written to the client */
    public long pendingBytes() {
        return outbound.pendingBytes();
    }

    /** @return true once closing has begun */
    public boolean isClosing() {
        return closing;
    }

    /** @return the peer address */
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress remote ? remote : null;
    }

    /** @return the last round-trip time measured by the ping timer, nanoseconds */
    public long rttNanos() {
        return pingTimer.rttNanos();
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
        return addr + (wrapped ? " - wid:" : " - cid:") + id;
    }
}
