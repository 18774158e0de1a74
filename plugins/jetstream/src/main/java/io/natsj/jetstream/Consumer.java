package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pull consumer of a stream, as nats-server 2.9.10's consumer: where it reads next, what
 * it delivered and awaits acks for ({@link AckTracker}), the pull requests waiting
 * ({@link PullRequests}). Everything runs on the stream's {@link SerialExecutor}, so reads of
 * the store and removals (work queue, interest) are ordered with the stream's appends without
 * locks; timers only queue work there.
 */
final class Consumer {

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
    /** last_per_subject start: the sequences still to deliver first, and where to go on. */
    private long[] skip;
    private int skipAt;
    private long skipResume;
    long lastDelivered;
    long lastAcked;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> ackTimer;
    private long ackTimerAt;
    private ScheduledFuture<?> waitTimer;
    private ScheduledFuture<?> inactiveTimer;
    private boolean delivering;
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
    }

    boolean isDurableName() {
        return config.isDurable();
    }

    private InternalConnection conn() {
        return stream.account().connection();
    }

    private SerialExecutor executor() {
        return stream.executor();
    }

    /** nats-server's selectStartingSeqNo; on the executor. */
    void selectStart() {
        StreamState st = stream.store().state();
        ConsumerConfig c = config;
        boolean empty = st.lastSequence() == 0 && st.messages() == 0;
        long first = empty ? 0 : st.firstSequence();
        long last = st.lastSequence();
        if (c.optStartSeq() > 0) {
            sseq = c.optStartSeq();
        } else {
            switch (c.deliverPolicy()) {
                case ConsumerConfig.DELIVER_LAST -> {
                    StoredMessage m = c.filterSubject().isEmpty() ? null : stream.store().loadLast(c.filterSubject());
                    sseq = c.filterSubject().isEmpty() ? last : m == null ? 0 : m.sequence();
                }
                case ConsumerConfig.DELIVER_LAST_PER_SUBJECT -> {
                    var counts = stream.store().subjectCounts(c.filterSubject());
                    if (counts.isEmpty()) {
                        sseq = last;
                    } else {
                        skip = counts.keySet().stream().map(s -> stream.store().loadLast(s))
                                .filter(m -> m != null).mapToLong(StoredMessage::sequence).sorted().toArray();
                        skipAt = 0;
                        skipResume = last;
                        sseq = skip.length > 0 ? skip[0] : last;
                    }
                }
                case ConsumerConfig.DELIVER_BY_TIME -> sseq = seqFromTime(c.optStartNanos(), first, last);
                case ConsumerConfig.DELIVER_NEW -> sseq = last + 1;
                default -> sseq = first;
            }
        }
        if (first == 0) {
            sseq = 1;
        } else if (sseq < first) {
            sseq = first;
        } else if (sseq > last) {
            sseq = last + 1;
        }
        dseq = 1;
        adflr = 0;
        asflr = 0;
    }

    private long seqFromTime(long nanos, long first, long last) {
        for (long s = Math.max(first, 1); s <= last; ) {
            StoredMessage m = stream.store().loadNext(null, s);
            if (m == null) {
                break;
            }
            if (m.timestampNanos() >= nanos) {
                return m.sequence();
            }
            s = m.sequence() + 1;
        }
        return last + 1;
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

    String filter() {
        String f = config.filterSubject();
        return f.isEmpty() ? null : f;
    }

    boolean matches(String subject) {
        String f = config.filterSubject();
        return f.isEmpty() || SubjectFilter.matches(subject, f);
    }

    /** A message to deliver next: a redelivery, a skip-list entry or the next new one. */
    private record Next(StoredMessage message, long dc, int kind) {
        static final int NEW = 0;
        static final int REDELIVERY = 1;
        static final int SKIP = 2;
    }

    private Next nextMessage() {
        ConsumerConfig c = config;
        while (acks.hasRedeliveries()) {
            long seq = acks.peekRedeliver();
            long dc = acks.nextDeliveryCount(seq);
            if (c.maxDeliver() > 0 && dc > c.maxDeliver()) {
                acks.pollRedeliver();
                acks.countRedelivery(seq);
                if (dc == c.maxDeliver() + 1) {
                    ConsumerAdvisories.maxDeliveries(this, seq, dc - 1);
                }
                acks.pending.remove(seq);
                continue;
            }
            StoredMessage m = stream.store().load(seq);
            if (m == null) {
                acks.pollRedeliver();
                acks.forget(seq);
                continue;
            }
            return new Next(m, dc, Next.REDELIVERY);
        }
        if (c.acks() && c.maxAckPending() > 0 && acks.pending.size() >= c.maxAckPending()) {
            return null;
        }
        if (skip != null && skipAt < skip.length) {
            StoredMessage m = stream.store().load(skip[skipAt]);
            if (m != null) {
                return new Next(m, 1, Next.SKIP);
            }
            skipAt++;
            return nextMessage();
        }
        StoredMessage m = stream.store().loadNext(filter(), sseq);
        return m == null ? null : new Next(m, 1, Next.NEW);
    }

    /** Delivers to waiting requests while there are messages for them; on the executor. */
    void deliver() {
        if (closed || delivering) {
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
        while (!waiting.isEmpty()) {
            Next n = nextMessage();
            if (n == null) {
                blocked = config.acks() && config.maxAckPending() > 0
                        && acks.pending.size() >= config.maxAckPending();
                break;
            }
            StoredMessage m = n.message();
            if (pendingCount < 0) {
                pendingCount = numPending();
            }
            long after = n.kind() == Next.REDELIVERY ? pendingCount : Math.max(0, pendingCount - 1);
            String ackReply = "$JS.ACK." + stream.name() + "." + name + "." + n.dc() + "." + m.sequence() + "."
                    + dseq + "." + m.timestampNanos() + "." + after;
            byte[] hdr = m.headers();
            byte[] payload = m.payload();
            if (config.headersOnly()) {
                hdr = headersOnly(hdr, payload.length);
                payload = new byte[0];
            }
            long size = m.subject().length() + ackReply.length() + hdr.length + payload.length;
            PullRequests.Request r = waiting.next(size, System.nanoTime(), conn());
            if (r == null) {
                break;
            }
            switch (n.kind()) {
                case Next.REDELIVERY -> {
                    acks.pollRedeliver();
                    acks.countRedelivery(m.sequence());
                }
                case Next.SKIP -> {
                    skipAt++;
                    sseq = Math.max(sseq, m.sequence() + 1);
                    if (skipAt >= skip.length) {
                        sseq = Math.max(sseq, skipResume);
                        skip = null;
                    }
                    pendingCount = after;
                }
                default -> {
                    sseq = m.sequence() + 1;
                    pendingCount = after;
                }
            }
            send(r.reply, m, ackReply, hdr, payload);
        }
        long[] w = waiting.expire(!blocked, System.nanoTime(), conn(), dseq - 1, sseq - 1);
        scheduleWait(w[1]);
    }

    private void send(String to, StoredMessage m, String ackReply, byte[] hdr, byte[] payload) {
        long d = dseq++;
        long now = Stream.nowNanos();
        boolean took = conn().deliver(to, m.subject(), ackReply, hdr.length == 0 ? null : hdr, payload);
        ConsumerConfig c = config;
        if (c.acks()) {
            acks.track(m.sequence(), d, now);
            if (!took) {
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

    /** A message was stored in the stream (on the executor). */
    void newMessage() {
        if (!waiting.isEmpty()) {
            deliver();
        }
    }

    /** A pull request ({@code $JS.API.CONSUMER.MSG.NEXT}); on the executor. */
    void nextRequest(String reply, byte[] body) {
        if (closed || reply == null || reply.isEmpty()) {
            return;
        }
        ConsumerConfig c = config;
        long expires = 0;
        long batch = 1;
        long maxBytes = 0;
        boolean noWait = false;
        long hb = 0;
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.startsWith("{")) {
            try {
                JsonNode n = Json.MAPPER.readTree(text);
                expires = longOf(n, "expires", "time.Duration");
                batch = longOf(n, "batch", "int");
                maxBytes = longOf(n, "max_bytes", "int");
                JsonNode nw = n.get("no_wait");
                if (nw != null && !nw.isNull() && !nw.isBoolean()) {
                    throw new IllegalArgumentException(goTypeError(nw, "no_wait", "bool"));
                }
                noWait = nw != null && nw.asBoolean(false);
                hb = longOf(n, "idle_heartbeat", "time.Duration");
            } catch (java.io.IOException | IllegalArgumentException e) {
                PullRequests.status(conn(), reply, "400 Bad Request - " + e.getMessage().split("\n")[0]);
                return;
            }
            if (hb > 0 && hb * 2 > expires) {
                PullRequests.status(conn(), reply, "400 Bad Request - heartbeat value too large");
                return;
            }
        } else if (!text.isEmpty()) {
            try {
                batch = Long.parseLong(text);
            } catch (NumberFormatException e) {
                batch = 1;
            }
        }
        if (c.maxBatch() > 0 && batch > c.maxBatch()) {
            PullRequests.status(conn(), reply, "409 Exceeded MaxRequestBatch of " + c.maxBatch());
            return;
        }
        if (expires > 0 && c.maxExpires() > 0 && expires > c.maxExpires()) {
            PullRequests.status(conn(), reply, "409 Exceeded MaxRequestExpires of " + GoDuration.format(c.maxExpires()));
            return;
        }
        if (maxBytes > 0 && c.maxBytes() > 0 && maxBytes > c.maxBytes()) {
            PullRequests.status(conn(), reply, "409 Exceeded MaxRequestMaxBytes of " + c.maxBytes());
            return;
        }
        long now = System.nanoTime();
        lastActivity = now;
        if (waiting.isFull()) {
            waiting.expire(false, now, conn(), dseq - 1, sseq - 1);
        }
        if (noWait) {
            long available = numPending() + acks.redeliverQueued();
            if (available == 0 && expires == 0) {
                PullRequests.status(conn(), reply, "404 No Messages");
                return;
            }
            if (available > 0) {
                long wanted = waiting.expire(false, now, conn(), dseq - 1, sseq - 1)[0];
                if (available < wanted) {
                    PullRequests.status(conn(), reply, "408 Requests Pending");
                    return;
                }
            }
        }
        PullRequests.Request r = new PullRequests.Request(reply, (int) Math.min(batch, Integer.MAX_VALUE), maxBytes,
                expires > 0 ? now + expires : 0, noWait, hb);
        if (!waiting.add(r)) {
            PullRequests.status(conn(), reply, "409 Exceeded MaxWaiting");
            return;
        }
        deliver();
    }

    private static long longOf(JsonNode n, String f, String goType) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(goTypeError(v, f, goType));
        }
        return v.asLong();
    }

    /** Go's encoding/json text for a value of the wrong type in the pull request. */
    private static String goTypeError(JsonNode v, String field, String goType) {
        String kind = v.isTextual() ? "string" : v.isNumber() ? "number" + (v.isIntegralNumber() ? "" : " " + v.asText())
                : v.isBoolean() ? "bool" : v.isArray() ? "array" : "object";
        return "json: cannot unmarshal " + kind + " into Go struct field JSApiConsumerGetNextRequest." + field
                + " of type " + goType;
    }

    private void scheduleWait(long deadline) {
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
        if (store != null) {
            store.changed(this);
        }
    }

    /** Stops timers and drops waiting requests; on the executor. */
    void stop() {
        closed = true;
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {ackTimer, waitTimer, inactiveTimer}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        waiting.clear();
    }

    /** nats-server's ConsumerInfo (without the type); on the executor. */
    ObjectNode info() {
        ObjectNode n = Json.object();
        n.put("stream_name", stream.name());
        n.put("name", name);
        n.put("created", Json.time(createdNanos));
        n.set("config", config.toJson());
        ObjectNode d = n.putObject("delivered");
        d.put("consumer_seq", dseq - 1);
        d.put("stream_seq", sseq - 1);
        if (lastDelivered != 0) {
            d.put("last_active", Json.time(lastDelivered));
        }
        ObjectNode a = n.putObject("ack_floor");
        a.put("consumer_seq", adflr);
        a.put("stream_seq", asflr);
        if (lastAcked != 0) {
            a.put("last_active", Json.time(lastAcked));
        }
        n.put("num_ack_pending", acks.pending.size());
        n.put("num_redelivered", acks.redelivered.size());
        waiting.expire(false, System.nanoTime(), conn(), dseq - 1, sseq - 1);
        n.put("num_waiting", waiting.size());
        n.put("num_pending", numPending());
        return n;
    }
}
