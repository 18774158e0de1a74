package io.natsj.kernel.client;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subjects;
import io.natsj.kernel.subject.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.natsj.spi.service.PublisherInfo;
import io.natsj.spi.service.ServiceMessage;
import java.util.function.Consumer;

/**
 * A client inside the server (JetStream, the system account): it subscribes in an account's
 * subject index and publishes through the same routing as a network connection, so network
 * and internal subscribers share queue groups, wildcards and flushing.
 *
 * <p>Handlers run on the publisher's thread, as nats-server runs its internal callbacks in the
 * delivering goroutine: they must hand long work elsewhere.
 */
public final class InternalClient implements Subscriber {

    private final Account account;
    private final String name;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong sids = new AtomicLong();
    /** How this client's own messages name their publisher. */
    private final PublisherInfo selfInfo;

    /**
     * @param account the account it lives in
     * @param name a name for logs
     */
    public InternalClient(Account account, String name) {
        this.account = account;
        this.name = name;
        this.selfInfo = new PublisherInfo(account.name(), 0, "", "", "", "", "");
    }

    /**
     * @param subject a subscribe subject, wildcards allowed
     * @param queue a queue group, or null
     * @param handler called with each message
     * @return the subscription, for {@link #unsubscribe}
     */
    public Subscription subscribe(String subject, String queue, Consumer<ServiceMessage> handler) {
        if (!Subjects.isValidSubscribeSubject(subject)) {
            throw new IllegalArgumentException("invalid subject: " + subject);
        }
        String sid = Long.toString(sids.incrementAndGet());
        Subscription sub = new Subscription(this, subject, queue, sid);
        handlers.put(sid, new Handler(handler));
        subscriptions.put(sid, sub);
        account.index().insert(sub);
        return sub;
    }

    /** @param sub a subscription of this client */
    public void unsubscribe(Subscription sub) {
        if (subscriptions.remove(sub.sid(), sub)) {
            sub.markClosed();
            handlers.remove(sub.sid());
            account.index().remove(sub);
        }
    }

    /**
     * Publishes through the server's routing. Network subscribers are flushed before this
     * returns.
     *
     * @param subject a literal subject
     * @param reply a reply subject; empty for an empty reply field (MSG's two spaces, as
     *     nats-server's internal clients write it); null for none
     * @param headers a header block ({@code NATS/1.0\r\n…\r\n\r\n}), or null
     * @param payload the payload
     */
    public void publish(String subject, String reply, byte[] headers, byte[] payload) {
        int s = utf8Length(subject);
        int r = reply == null ? 0 : utf8Length(reply);
        int h = headers == null ? 0 : headers.length;
        PublishState state = PUBLISH_STATE.get();
        if (state.busy) {
            // A handler publishing from inside a delivery of this thread's publish.
            state = new PublishState();
        }
        state.busy = true;
        try {
            // Subject, reply and body in the thread's one buffer: routing copies out of it before
            // this returns, so it is reused by the next publish.
            ByteBuf buf = state.frame(s + r + h + payload.length);
            writeUtf8(subject, buf, s);
            if (reply != null) {
                writeUtf8(reply, buf, r);
            }
            if (headers != null) {
                buf.writeBytes(headers);
            }
            buf.writeBytes(payload);
            InboundMessage m = state.message;
            m.publisher(this);
            m.set(buf, 0, s, s, r, headers == null ? -1 : h, s + r, h + payload.length);
            m.emptyReplyField(reply != null && r == 0);
            MatchResult result = account.index().match(subject);
            MessageRouter.route(this, true, m, result, state.flushes, state.targets, account.nameBytes());
            state.flushes.flushAll();
        } finally {
            state.busy = false;
        }
    }

    /** What one thread reuses for every publish (internal clients publish from any thread). */
    private static final class PublishState {
        final InboundMessage message = new InboundMessage();
        final FlushSet flushes = new FlushSet();
        final RouteTargets targets = new RouteTargets();
        private ByteBuf frame = Unpooled.buffer(512);
        boolean busy;

        /** @return the frame buffer, emptied, with room for {@code size} bytes */
        ByteBuf frame(int size) {
            if (frame.capacity() > 64 * 1024 && size <= 512) {
                frame = Unpooled.buffer(512); // one large message does not pin a large buffer
            }
            frame.clear();
            frame.ensureWritable(size);
            return frame;
        }
    }

    private static final ThreadLocal<PublishState> PUBLISH_STATE = ThreadLocal.withInitial(PublishState::new);

    /** @return the length of {@code text} in UTF-8 */
    private static int utf8Length(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    /** Writes {@code text}, {@code length} bytes in UTF-8. */
    private static void writeUtf8(String text, ByteBuf into, int length) {
        if (length == text.length()) {
            into.writeCharSequence(text, StandardCharsets.US_ASCII);
        } else {
            into.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ThreadLocal<DeliverState> deliveries = ThreadLocal.withInitial(DeliverState::new);

    /**
     * Delivers to the local subscribers of {@code to} a message whose subject reads
     * {@code subject} (a JetStream consumer's delivery to a pull request's inbox); one member
     * per queue group. Peers with a plain subscription get it routed by {@code to} with the
     * presented subject after an {@code @} in the reply, as nats-server sends it (see
     * {@link #forwardAs}); peers' queue members are skipped.
     * Nothing is flushed until {@link #flushDeliveries()} on the same thread. Allocates nothing
     * while the subjects are ASCII and the index is unchanged: subscribers copy the frame out
     * before this returns, so it is reused.
     *
     * @return true when a subscriber took it
     */
    public boolean deliverAs(String to, String subject, String reply, byte[] headers, byte[] payload) {
        return deliverAs(to, subject, reply, null, 0, headers, payload);
    }

    /**
     * {@link #deliverAs(String, String, String, byte[], byte[])} with the reply as the UTF-8
     * bytes {@code reply[0, replyLength)}, copied before this returns.
     */
    public boolean deliverAs(String to, String subject, byte[] reply, int replyLength, byte[] headers, byte[] payload) {
        return deliverAs(to, subject, null, reply, replyLength, headers, payload);
    }

    private boolean deliverAs(String to, String subject, String reply, byte[] replyBytes, int replyLength,
                              byte[] headers, byte[] payload) {
        DeliverState state = deliveries.get();
        if (state.busy) {
            // A subscriber's handler delivering again from inside this delivery: its own frame.
            return deliverAs(new DeliverState(), state.flushes, to, subject, reply, replyBytes, replyLength, headers,
                    payload);
        }
        state.busy = true;
        try {
            return deliverAs(state, state.flushes, to, subject, reply, replyBytes, replyLength, headers, payload);
        } finally {
            state.busy = false;
        }
    }

    private boolean deliverAs(DeliverState state, FlushSet flushes, String to, String subject, String reply,
                              byte[] replyBytes, int replyLength, byte[] headers, byte[] payload) {
        MatchResult result = state.match(account.index(), to);
        if (result.isEmpty()) {
            return false;
        }
        byte[] s = state.subjectBytes(subject);
        int r = replyBytes != null ? replyLength : reply == null ? 0 : utf8Length(reply);
        int h = headers == null ? 0 : headers.length;
        ByteBuf buf = state.frame(s.length + r + h + payload.length);
        buf.writeBytes(s);
        if (replyBytes != null) {
            buf.writeBytes(replyBytes, 0, replyLength);
        } else if (reply != null) {
            writeUtf8(reply, buf, r);
        }
        if (headers != null) {
            buf.writeBytes(headers);
        }
        buf.writeBytes(payload);
        InboundMessage m = state.message;
        m.publisher(this);
        m.set(buf, 0, s.length, s.length, r, headers == null ? -1 : h, s.length + r, h + payload.length);
        m.emptyReplyField(r == 0 && replyBytes == null && reply != null);
        boolean delivered = false;
        boolean peers = false;
        for (Subscription sub : result.plain()) {
            if (sub.owner().remote() == null && sub.owner() != this) {
                delivered |= sub.owner().deliver(sub, m, flushes);
            } else if (sub.owner().remote() != null) {
                peers = true;
            }
        }
        if (peers) {
            delivered |= forwardAs(state, flushes, result, to, s, buf, m);
        }
        for (Subscription[] group : result.queues()) {
            // A random member first, as nats-server picks one: a push consumer's deliver_group shares the load.
            int start = group.length > 1 ? java.util.concurrent.ThreadLocalRandom.current().nextInt(group.length) : 0;
            for (int i = 0; i < group.length; i++) {
                Subscription sub = group[(start + i) % group.length];
                if (sub.owner().remote() == null && sub.owner() != this && sub.owner().deliver(sub, m, flushes)) {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }

    /**
     * Sends a delivery on to the peers (routes, leaf nodes, gateways) with a plain subscription
     * on {@code to}, as nats-server does: routed by the deliver subject, the presented subject
     * after an {@code @} at the end of the reply ({@code LMSG <to> <reply>@<subject>}), which
     * the receiving server takes apart again ({@code KernelPeerSession}). Without a reply the
     * presented subject cannot travel and the peer sees {@code to}.
     */
    private boolean forwardAs(DeliverState state, FlushSet flushes, MatchResult result, String to, byte[] subject,
                              ByteBuf local, InboundMessage m) {
        RouteTargets targets = state.targets;
        for (Subscription sub : result.plain()) {
            if (sub.owner().remote() != null) {
                targets.add(sub.owner().remote());
            }
        }
        int r = m.replyLength();
        byte[] toBytes = state.toBytes(to);
        // As nats-server, only a subject other than the deliver subject travels after the '@': a
        // push consumer's flow control request (reply $JS.FC...) goes plain, since nats-server
        // takes '@' apart only in $JS.ACK replies and would answer to "<fc>@<subject>".
        boolean tagged = r > 0 && !java.util.Arrays.equals(toBytes, subject);
        int rr = tagged ? r + 1 + subject.length : r;
        int body = m.bodyLength();
        ByteBuf buf = state.peerFrame(toBytes.length + rr + body);
        buf.writeBytes(toBytes);
        if (r > 0) {
            buf.writeBytes(local, m.replyOffset(), r);
        }
        if (tagged) {
            buf.writeByte('@');
            buf.writeBytes(subject);
        }
        buf.writeBytes(local, m.bodyOffset(), body);
        InboundMessage pm = state.peerMessage;
        pm.publisher(this);
        pm.set(buf, 0, toBytes.length, toBytes.length, rr, m.headerLength(), toBytes.length + rr, body);
        pm.emptyReplyField(m.emptyReplyField() && rr == 0);
        targets.forwardAll(pm, account.nameBytes(), flushes);
        return true;
    }

    /** Flushes what {@link #deliverAs} wrote on this thread. */
    public void flushDeliveries() {
        deliveries.get().flushes.flushAll();
    }

    /** Ends of the interest watches still open, for {@link #close()}. */
    private final Map<Runnable, Boolean> watches = new ConcurrentHashMap<>();

    /**
     * Watches local interest in a literal subject: {@code listener} hears the state now, then
     * each change, under the account's subject index lock (see {@code SubjectIndex.watch}).
     * This client's own subscriptions do not count, as they do not for {@link #deliverAs}.
     *
     * @return ends the watch
     * @throws IllegalArgumentException for a subject that is not literal
     */
    public Runnable watchInterest(String subject, Consumer<Boolean> listener) {
        if (!Subjects.isValidSubscribeSubject(subject) || SubjectMatch.hasWildcard(subject)) {
            throw new IllegalArgumentException("not a literal subject: " + subject);
        }
        Runnable end = account.index().watch(subject, this, listener);
        Runnable once = new Runnable() {
            @Override
            public void run() {
                if (watches.remove(this) != null) {
                    end.run();
                }
            }
        };
        watches.put(once, Boolean.TRUE);
        return once;
    }

    /**
     * @return true when a subscriber of the account that {@link #deliverAs} reaches (a local
     *         one, or a peer's plain subscription) matches the subject; a
     *         pull consumer asks before each message, so the match is the one {@link #deliverAs}
     *         keeps while the index is unchanged
     */
    public boolean hasLocalInterest(String subject) {
        MatchResult result = deliveries.get().match(account.index(), subject);
        for (Subscription sub : result.plain()) {
            if (sub.owner() != this) {
                return true;
            }
        }
        for (Subscription[] group : result.queues()) {
            for (Subscription sub : group) {
                if (sub.owner().remote() == null && sub.owner() != this) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet flushes) {
        Handler handler = handlers.get(sub.sid());
        if (handler == null || sub.isClosed()) {
            return false;
        }
        ByteBuf b = m.buffer();
        String subject = handler.subject(b, m.subjectOffset(), m.subjectLength());
        String reply = m.replyLength() > 0 ? b.toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8) : null;
        int headerLength = Math.max(m.headerLength(), 0);
        byte[] headers = null;
        if (m.headerLength() >= 0) {
            headers = new byte[headerLength];
            b.getBytes(m.bodyOffset(), headers);
        }
        byte[] payload = new byte[m.payloadLength()];
        b.getBytes(m.bodyOffset() + headerLength, payload);
        handler.consumer.accept(new ServiceMessage(subject, reply, headers, payload, publisherInfo(m.publisher())));
        return true;
    }

    /**
     * A subscription's handler, with the subject it was last delivered as: a stream is mostly
     * published to on a few subjects, so the string is decoded again only when it changes.
     */
    private static final class Handler {
        final Consumer<ServiceMessage> consumer;
        /** Read and written by several publishers' loops; each sees a whole pair or null. */
        private volatile SubjectText last;

        Handler(Consumer<ServiceMessage> consumer) {
            this.consumer = consumer;
        }

        String subject(ByteBuf b, int offset, int length) {
            SubjectText t = last;
            if (t != null && t.matches(b, offset, length)) {
                return t.text;
            }
            byte[] bytes = new byte[length];
            b.getBytes(offset, bytes);
            t = new SubjectText(bytes, new String(bytes, StandardCharsets.UTF_8));
            last = t;
            return t.text;
        }
    }

    private record SubjectText(byte[] bytes, String text) {
        boolean matches(ByteBuf b, int offset, int length) {
            if (bytes.length != length) {
                return false;
            }
            for (int i = length - 1; i >= 0; i--) { // subjects differ most at their ends
                if (bytes[i] != b.getByte(offset + i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private PublisherInfo publisherInfo(Object publisher) {
        if (publisher instanceof ClientConnection c) {
            return c.publisherInfo();
        }
        return publisher instanceof InternalClient i ? i.selfInfo : selfInfo;
    }

    /** @return the account it lives in */
    public Account account() {
        return account;
    }

    /** Removes every subscription of this client. */
    public void close() {
        for (Subscription sub : subscriptions.values()) {
            unsubscribe(sub);
        }
        for (Runnable end : watches.keySet()) {
            end.run();
        }
    }

    @Override
    public void autoUnsubscribe(Subscription sub) {
        unsubscribe(sub);
    }

    @Override
    public String toString() {
        return "InternalClient[" + name + " in " + account.name() + "]";
    }
}
