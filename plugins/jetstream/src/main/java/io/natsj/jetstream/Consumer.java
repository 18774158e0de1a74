package io.natsj.jetstream;

import io.natsj.spi.subject.SubjectMatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One consumer of a stream, as nats-server 2.9.10's consumer: where it reads next, what
 * it delivered and awaits acks for ({@link AckTracker}), the pull requests waiting
 * ({@link PullRequests}) or, for a push consumer, its deliver subject ({@link PushDelivery}). Everything runs on the stream's {@link SerialExecutor}, so reads of
 * the store and removals (work queue, interest) are ordered with the stream's appends without
 * locks; timers only queue work there.
 */
final class Consumer {

    /** Messages a push consumer sends in one turn on the stream's executor. */
    private static final int PUSH_BATCH = 1024;

    final Stream stream;
    final String name;
    final long createdNanos;
    private final StreamConsumers owner;

    StreamConsumers owner() {
        return owner;
    }
    volatile ConsumerConfig config;
    /** Persistence of a durable on a file stream, or null. */
    final ConsumerStore store;

    // Executor-confined state (nats-server's sseq, dseq, adflr, asflr).
    long sseq;
    long dseq = 1;
    long adflr;
    long asflr;
    final AckTracker acks = new AckTracker();
    final PullRequests waiting;
    /** The push side ({@code deliver_subject}), or null for a pull consumer. */
    final PushDelivery push;
    /** last_per_subject start: the sequences still to deliver first, and where to go on. */
    long[] skip;
    int skipAt;
    long skipResume;
    long lastDelivered;
    long lastAcked;
    private long lastActivity = System.nanoTime();
    /** The ack subject of the message being delivered. */
    private final AckReply ackReply;
    private ScheduledFuture<?> ackTimer;
    private long ackTimerAt;
    private ScheduledFuture<?> waitTimer;
    private ScheduledFuture<?> inactiveTimer;
    private boolean delivering;
    /** replay_policy original: still replaying (up to the stream's last sequence at creation). */
    private boolean replay;
    private final long replayUntil;
    private long replayLastTs;
    /** A delivery waiting for its replay time, or null. */
    private ScheduledFuture<?> parked;
    /** Cached pending count, -1 when unknown (see {@link #pendingEstimate()}). */
    long npc = -1;
    private long npcAt;
    volatile boolean closed;

    Consumer(StreamConsumers owner, Stream stream, String name, ConsumerConfig config, long createdNanos,
             ConsumerStore store) {
        this.owner = owner;
        this.stream = stream;
        this.name = name;
        this.config = config;
        this.createdNanos = createdNanos;
        this.store = store;
        this.waiting = new PullRequests((int) Math.max(1, config.maxWaiting()));
        this.replay = "original".equals(config.replayPolicy());
        this.replayUntil = stream.lastSequence();
        this.push = config.isPull() ? null : new PushDelivery(this);
        this.ackReply = new AckReply(stream.name(), name);
    }

    boolean isDurableName() {
        return config.isDurable();
    }

    InternalConnection conn() {
        return stream.account().connection();
    }

    private SerialExecutor executor() {
        return stream.executor();
    }

    /** nats-server's selectStartingSeqNo; on the executor. */
    void selectStart() {
        ConsumerStart.select(this);
    }

    /** @return the messages still to deliver (nats-server's streamNumPending) */
    long numPending() {
        if (skip != null && skipAt < skip.length) {
            // Still on the last-per-subject start: what is left of it, then whatever came after.
            long n = skip.length - skipAt;
            return n + stream.store().countMatching(filter(), Math.max(skipResume + 1, sseq));
        }
        return stream.store().countMatching(filter(), sseq);
    }

    /**
     * The pending count as nats-server caches it (npc): counted once, then kept by deliveries
     * and new messages, and counted again after a second, a purge, or when it cannot be right
     * (more than the stream holds). Counting walks the pending range in some stores, so it is
     * not done per batch.
     */
    long pendingEstimate() {
        long now = System.nanoTime();
        if (npc < 0 || now - npcAt > 1_000_000_000L || npc > stream.messages()) {
            npc = numPending();
            npcAt = now;
        }
        return npc;
    }

    String filter() {
        String f = config.filterSubject();
        return f.isEmpty() ? null : f;
    }

    boolean matches(String subject) {
        String f = config.filterSubject();
        return f.isEmpty() || SubjectMatch.matchesFilter(f, subject);
    }

    /** Delivers to waiting requests while there are messages for them; on the executor. */
    void deliver() {
        if (closed || delivering || parked != null) {
            return;
        }
        delivering = true;
        try {
            deliverLoop();
        } finally {
            delivering = false;
        }
    }

    private void deliverLoop() {
        boolean blocked = false;
        long pendingCount = -1;
        int pushed = 0;
        while (push != null ? push.canSend() : !waiting.isEmpty()) {
            NextMessage.Next n = NextMessage.pick(this);
            if (n == null) {
                blocked = config.acks() && config.maxAckPending() > 0
                        && acks.pending.size() >= config.maxAckPending();
                break;
            }
            StoredMessage m = n.message();
            if (pendingCount < 0) {
                pendingCount = pendingEstimate();
            }
            long after = n.kind() == NextMessage.Next.REDELIVERY ? pendingCount : Math.max(0, pendingCount - 1);
            ackReply.write(n.dc(), m.sequence(), dseq, m.timestampNanos(), after);
            byte[] hdr = m.headers();
            byte[] payload = m.payload();
            if (config.headersOnly()) {
                hdr = headersOnly(hdr, payload.length);
                payload = new byte[0];
            }
            long size = m.subject().length() + ackReply.length() + hdr.length + payload.length;
            PullRequests.Request r = push != null ? null : waiting.next(size, System.nanoTime(), conn());
            if (r == null && push == null) {
                break;
            }
            String to = r == null ? push.subject() : r.reply;
            switch (n.kind()) {
                case NextMessage.Next.REDELIVERY -> {
                    acks.pollRedeliver();
                    acks.countRedelivery(m.sequence());
                }
                case NextMessage.Next.SKIP -> {
                    skipAt++;
                    sseq = Math.max(sseq, m.sequence() + 1);
                    if (skipAt >= skip.length) {
                        sseq = Math.max(sseq, skipResume);
                        skip = null;
                    }
                    pendingCount = after;
                    npc = after;
                }
                default -> {
                    sseq = m.sequence() + 1;
                    pendingCount = after;
                    npc = after;
                }
            }
            long lastTs = replayLastTs;
            replayLastTs = m.timestampNanos();
            long delay = replay && lastTs > 0 && m.timestampNanos() - lastTs > 1_000_000L
                    ? m.timestampNanos() - lastTs : 0;
            if (push != null) {
                delay = Math.max(delay, push.rateDelay(size));
            }
            if (delay > 0) {
                park(to, m, ackReply.toString(), hdr, payload, delay);
                conn().flushDeliveries();
                return;
            }
            send(to, m, null, hdr, payload);
            if (push != null && ++pushed >= PUSH_BATCH) {
                // A push consumer has no request to fill: let the stream's appends in between batches.
                conn().flushDeliveries();
                executor().execute(this::deliver);
                return;
            }
        }
        if (replay && sseq > replayUntil) {
            replay = false;
        }
        conn().flushDeliveries();
        long[] w = waiting.expire(!blocked, System.nanoTime(), conn(), dseq - 1, sseq - 1);
        scheduleWait(w[1]);
    }

    /**
     * replay_policy original: the message leaves as long after the previous one as it was stored
     * after it (nats-server sleeps in its delivery loop; the stream's executor must not).
     */
    private void park(String to, StoredMessage m, String ackReply, byte[] hdr, byte[] payload, long delay) {
        parked = stream.account().service().timer().schedule(() -> executor().execute(() -> {
            parked = null;
            if (!closed) {
                send(to, m, ackReply, hdr, payload);
                conn().flushDeliveries();
                deliver();
            }
        }), delay, TimeUnit.NANOSECONDS);
    }

    /** Delivers with the ack subject {@code parkedReply}, or the one {@link #ackReply} holds when null. */
    private void send(String to, StoredMessage m, String parkedReply, byte[] hdr, byte[] payload) {
        long d = dseq++;
        long now = Stream.nowNanos();
        byte[] h = hdr.length == 0 ? null : hdr;
        boolean took = parkedReply != null ? conn().deliver(to, m.subject(), parkedReply, h, payload)
                : conn().deliver(to, m.subject(), ackReply.bytes(), ackReply.length(), h, payload);
        ConsumerConfig c = config;
        if (push != null) {
            push.sent(parkedReply != null ? parkedReply.length() : ackReply.length(), hdr.length, payload.length);
            if (!took) {
                push.notDelivered();
            }
        }
        if (c.acks()) {
            acks.track(m.sequence(), d, now);
            if (!took && push == null) {
                acks.queue(m.sequence());
            }
            scheduleAckCheck(c.ackWait());
        } else {
            adflr = d;
            asflr = m.sequence();
        }
        lastDelivered = now;
        lastActivity = System.nanoTime();
        if (store != null) {
            store.changed(this);
        }
        if (!c.acks() && !StreamConfig.LIMITS.equals(stream.config().retention())) {
            owner.acked(this, m.sequence());
        }
    }

    private static byte[] headersOnly(byte[] hdr, int size) {
        String h = hdr.length == 0 ? "NATS/1.0\r\n" : new String(hdr, 0, hdr.length - 2, StandardCharsets.UTF_8);
        return (h + "Nats-Msg-Size: " + size + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A message was stored in the stream (on the executor). The delivery runs as a task of its
     * own, once, after the stores already queued: a burst of publishes is delivered (and
     * flushed to the subscriber) as one batch instead of one message and one flush each.
     */
    void newMessage() {
        if (npc >= 0) {
            // A filtered consumer cannot tell without the subject; it counts again when asked.
            npc = config.filterSubject().isEmpty() ? npc + 1 : -1;
        }
        if ((push != null || !waiting.isEmpty()) && !deliveryQueued) {
            deliveryQueued = true;
            executor().execute(queuedDelivery);
        }
    }

    /** Whether {@link #queuedDelivery} waits in the executor's queue. */
    private boolean deliveryQueued;
    private final Runnable queuedDelivery = () -> {
        deliveryQueued = false;
        deliver();
    };

    /** A pull request ({@code $JS.API.CONSUMER.MSG.NEXT}); on the executor. */
    void nextRequest(String reply, byte[] body) {
        if (closed || reply == null || reply.isEmpty()) {
            return;
        }
        PullRequests.Request r = NextRequests.accept(this, reply, body);
        if (r != null) {
            lastActivity = System.nanoTime();
            if (waiting.add(r)) {
                deliver();
            } else {
                PullRequests.status(conn(), reply, "409 Exceeded MaxWaiting");
            }
        }
    }

    void scheduleWait(long deadline) {
        if (waitTimer != null) {
            waitTimer.cancel(false);
            waitTimer = null;
        }
        if (deadline != 0 && !closed) {
            long delay = Math.max(1_000_000L, deadline - System.nanoTime());
            waitTimer = stream.account().service().timer().schedule(() -> executor().execute(this::deliver),
                    delay, TimeUnit.NANOSECONDS);
        }
    }

    void scheduleAckCheck(long delay) {
        long at = System.nanoTime() + delay;
        if (ackTimer != null && at - ackTimerAt < 0) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
        if (ackTimer == null && !closed) {
            ackTimerAt = at;
            ackTimer = stream.account().service().timer().schedule(() -> executor().execute(this::checkPending),
                    delay + 1_000_000L, TimeUnit.NANOSECONDS);
        }
    }

    /** nats-server's checkPending: redeliver what waited past its ack wait; on the executor. */
    private void checkPending() {
        ackTimer = null;
        if (closed) {
            return;
        }
        ConsumerConfig c = config;
        StreamState st = stream.store().state();
        boolean[] changed = {false};
        long next = acks.expire(Stream.nowNanos(), c.ackWait(), c.backoff(), st.firstSequence(), changed);
        if (changed[0] && store != null) {
            store.changed(this);
        }
        if (acks.hasRedeliveries()) {
            deliver();
        }
        if (next > 0) {
            scheduleAckCheck(next);
        }
    }

    /** Pull consumers with an inactive threshold go away when nobody asked for a while. */
    void scheduleInactiveCheck() {
        long t = config.inactiveThreshold();
        if (push != null) {
            // Push consumers go by interest in the deliver subject instead.
            push.start();
            return;
        }
        if (t <= 0 || closed) {
            return;
        }
        inactiveTimer = stream.account().service().timer().schedule(() -> executor().execute(() -> {
            if (closed) {
                return;
            }
            long idle = System.nanoTime() - lastActivity;
            if (waiting.isEmpty() && idle >= config.inactiveThreshold()) {
                owner.deleteInactive(this);
            } else {
                scheduleInactiveCheck();
            }
        }), Math.max(t - (System.nanoTime() - lastActivity), 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** nats-server's consumer purge: the stream was purged up to {@code firstSeq}; on the executor. */
    void purged(long firstSeq) {
        if (sseq < firstSeq) {
            sseq = firstSeq;
        }
        if (asflr < firstSeq) {
            asflr = firstSeq - 1;
            adflr = dseq - 1;
        }
        java.util.List<Long> queued = new java.util.ArrayList<>();
        while (acks.hasRedeliveries()) {
            queued.add(acks.peekRedeliver());
            acks.pollRedeliver();
        }
        acks.pending.clear();
        for (long s : queued) {
            if (s >= sseq) {
                acks.queue(s);
            }
        }
        if (skip != null) {
            skip = null;
        }
        npc = -1;
        if (store != null) {
            store.changed(this);
        }
    }

    /** Stops timers and drops waiting requests; on the executor. */
    void stop() {
        closed = true;
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {ackTimer, waitTimer, inactiveTimer, parked}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        waiting.clear();
        if (push != null) {
            push.stop();
        }
    }

    /** nats-server's ConsumerInfo (without the type); on the executor. */
    ObjectNode info() {
        return ConsumerInfoJson.of(this);
    }
}
