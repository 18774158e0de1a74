package io.natsj.kernel.client;

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
    private final Map<String, Consumer<ServiceMessage>> handlers = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong sids = new AtomicLong();

    /**
     * @param account the account it lives in
     * @param name a name for logs
     */
    public InternalClient(Account account, String name) {
        this.account = account;
        this.name = name;
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
        handlers.put(sid, handler);
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
     * @param reply a reply subject, or null
     * @param headers a header block ({@code NATS/1.0\r\n…\r\n\r\n}), or null
     * @param payload the payload
     */
    public void publish(String subject, String reply, byte[] headers, byte[] payload) {
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        byte[] r = reply == null ? new byte[0] : reply.getBytes(StandardCharsets.UTF_8);
        int h = headers == null ? 0 : headers.length;
        ByteBuf buf = Unpooled.buffer(s.length + r.length + h + payload.length);
        buf.writeBytes(s).writeBytes(r);
        if (headers != null) {
            buf.writeBytes(headers);
        }
        buf.writeBytes(payload);
        InboundMessage m = new InboundMessage();
        m.publisher(this);
        m.set(buf, 0, s.length, s.length, r.length, headers == null ? -1 : h, s.length + r.length, h + payload.length);
        MatchResult result = account.index().match(subject);
        FlushSet flushes = new FlushSet();
        MessageRouter.route(this, true, m, result, flushes, new RouteTargets(), account.nameBytes());
        flushes.flushAll();
    }

    /** Per thread: the connections {@link #deliverAs} wrote into since the last flush. */
    private final ThreadLocal<FlushSet> deliveries = ThreadLocal.withInitial(FlushSet::new);

    /**
     * Delivers to the local subscribers of {@code to} a message whose subject reads
     * {@code subject} (a JetStream consumer's delivery to a pull request's inbox); one member
     * per queue group. Peers are skipped: they would route it by the presented subject.
     * Nothing is flushed until {@link #flushDeliveries()} on the same thread.
     *
     * @return true when a subscriber took it
     */
    public boolean deliverAs(String to, String subject, String reply, byte[] headers, byte[] payload) {
        MatchResult result = account.index().match(to);
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        byte[] r = reply == null ? new byte[0] : reply.getBytes(StandardCharsets.UTF_8);
        int h = headers == null ? 0 : headers.length;
        ByteBuf buf = Unpooled.buffer(s.length + r.length + h + payload.length);
        buf.writeBytes(s).writeBytes(r);
        if (headers != null) {
            buf.writeBytes(headers);
        }
        buf.writeBytes(payload);
        InboundMessage m = new InboundMessage();
        m.publisher(this);
        m.set(buf, 0, s.length, s.length, r.length, headers == null ? -1 : h, s.length + r.length, h + payload.length);
        FlushSet flushes = deliveries.get();
        boolean delivered = false;
        for (Subscription sub : result.plain()) {
            if (sub.owner().remote() == null && sub.owner() != this) {
                delivered |= sub.owner().deliver(sub, m, flushes);
            }
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

    /** Flushes what {@link #deliverAs} wrote on this thread. */
    public void flushDeliveries() {
        deliveries.get().flushAll();
    }

    /** @return true when a subscriber (local or a peer) of the account matches the subject */
    public boolean hasInterest(String subject) {
        MatchResult result = account.index().match(subject);
        return result.plain().length > 0 || result.queues().length > 0;
    }

    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet flushes) {
        Consumer<ServiceMessage> handler = handlers.get(sub.sid());
        if (handler == null || sub.isClosed()) {
            return false;
        }
        ByteBuf b = m.buffer();
        String subject = b.toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8);
        String reply = m.replyLength() > 0 ? b.toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8) : null;
        int headerLength = Math.max(m.headerLength(), 0);
        byte[] headers = null;
        if (m.headerLength() >= 0) {
            headers = new byte[headerLength];
            b.getBytes(m.bodyOffset(), headers);
        }
        byte[] payload = new byte[m.payloadLength()];
        b.getBytes(m.bodyOffset() + headerLength, payload);
        handler.accept(new ServiceMessage(subject, reply, headers, payload, publisherInfo(m.publisher())));
        return true;
    }

    private PublisherInfo publisherInfo(Object publisher) {
        if (publisher instanceof ClientConnection c) {
            var o = c.options();
            String host = c.remoteAddress() == null ? "" : c.remoteAddress().getAddress().getHostAddress();
            return new PublisherInfo(c.account().name(), c.id(), host, nz(o == null ? null : o.name), nz(c.user()),
                    nz(o == null ? null : o.lang), nz(o == null ? null : o.version));
        }
        String acc = publisher instanceof InternalClient i ? i.account.name() : account.name();
        return new PublisherInfo(acc, 0, "", "", "", "", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
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
