package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceMessage;
import io.natsj.spi.service.ServiceSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One mirror or source of a stream, on nats-server 2.9.10's wire protocol
 * ({@code setupMirrorConsumer}/{@code setSourceConsumer} in stream.go): an ephemeral direct push
 * consumer on the origin, created by a request to {@code <api>.CONSUMER.CREATE.<origin>} with
 * the answer on {@code $JSC.R.<random>} and messages on {@code $JS.M.<random>} (mirror) or
 * {@code $JS.S.<random>} (source); flow control answered, idle heartbeats checked against the
 * delivered count, a consumer silent for 3 s (or out of step) replaced, requests at most every
 * 2 s, an unanswered one given up after 5 s.
 *
 * <p>Everything here runs on the stream's executor: handlers and timers only queue onto it.
 */
final class SourceLink {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");
    static final String STREAM_SOURCE = "Nats-Stream-Source";
    private static final long HEALTH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long CREATE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** nats-server's dgetCaughtUpThresh: a mirror serves direct gets once fewer are pending. */
    private static final long CAUGHT_UP = 10;
    private static final byte[] EMPTY = new byte[0];

    private final Stream stream;
    private final InternalConnection conn;
    private final boolean mirror;
    private volatile SourceSpec spec;
    /** The source's subject transform (2.10), or null; set with the spec. */
    private volatile Republish transform;

    // Read by stream info on the API thread, written on the executor.
    private volatile long lag;
    private volatile long lastNanos;
    private volatile ApiError err;
    private volatile boolean directReady;

    private String cname;
    private long sseq;
    private long dseq;
    /** Wall-clock start for a source whose messages are gone (nats-server's si.start). */
    long startNanos;
    private long lreq;
    private boolean requested;
    private boolean sip;
    private int generation;
    private ServiceSubscription sub;
    private ServiceSubscription replySub;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> health;
    private ScheduledFuture<?> retry;
    private final List<ServiceMessage> early = new ArrayList<>();
    private boolean closed;

    SourceLink(Stream stream, InternalConnection conn, SourceSpec spec, boolean mirror) {
        this.stream = stream;
        this.conn = conn;
        this.mirror = mirror;
        spec(spec);
    }

    SourceSpec spec() {
        return spec;
    }

    void spec(SourceSpec s) {
        spec = s;
        transform = s.transformSrc() == null ? null : Republish.transform(s.transformSrc(), s.transformDest());
    }

    /** @return true once a mirror with {@code mirror_direct} has nearly caught up */
    boolean directReady() {
        return directReady;
    }

    long sseq() {
        return sseq;
    }

    void sseq(long s) {
        sseq = s;
        dseq = 0;
    }

    /** nats-server's StreamSourceInfo: {@code name, external, lag, active, error}. */
    ObjectNode info() {
        return StreamInfoJson.sourceInfo(spec, lag, lastNanos, err);
    }

    /** Starts (or restarts) the mirror's consumer where the store ends. */
    void setupMirror() {
        setup(0, 0);
    }

    /**
     * (Re)creates the consumer: a source from origin sequence {@code seq}, or from
     * {@code startTime} (epoch nanos, 0 for none); a mirror where its store ends.
     */
    void setup(long seq, long startTime) {
        if (closed) {
            return;
        }
        cancel();
        if (mirror) {
            sseq = stream.lastSequence();
        }
        long now = System.nanoTime();
        if ((requested && now - lreq < RETRY_NANOS) || sip) {
            scheduleRetry(seq, startTime);
            return;
        }
        requested = true;
        lreq = now;
        SourceRequest req = SourceRequest.of(stream, spec, mirror, seq, startTime, startNanos);
        String deliver = req.deliver();
        String reply = SourceRequest.randomSubject("$JSC.R");
        int gen = ++generation;
        SerialExecutor ex = stream.executor();
        try {
            replySub = conn.subscribe(reply, null, m -> ex.execute(() -> onCreated(gen, m.payload())));
            // Before the request: the origin may deliver before its answer arrives.
            sub = conn.subscribe(deliver, null, m -> ex.execute(() -> onMessage(gen, m)));
        } catch (RuntimeException e) {
            err = new ApiError(500, mirror ? 10029 : 10045, String.valueOf(e.getMessage()));
            unsubscribe();
            scheduleRetry(seq, startTime);
            return;
        }
        err = null;
        sip = true;
        timeout = timer().schedule(() -> ex.execute(() -> {
            if (gen == generation && sip) {
                sip = false;
                if (replySub != null) {
                    replySub.unsubscribe();
                    replySub = null;
                }
                scheduleRetry(seq, startTime);
            }
        }), CREATE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        conn.publish(req.subject(), reply, null, req.body());
    }

    private void onCreated(int gen, byte[] payload) {
        if (gen != generation || closed || !sip) {
            return;
        }
        sip = false;
        cancelTimeout();
        replySub = end(replySub);
        JsonNode r;
        try {
            r = Json.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.WARNING, "JetStream bad " + kind() + " consumer create response: "
                    + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            err = ApiError.INVALID_JSON;
            scheduleRetry(sseq + 1, 0);
            return;
        }
        JsonNode e = r.get("error");
        if (e != null || !r.hasNonNull("name")) {
            err = e == null ? ApiError.INVALID_JSON : new ApiError(e.path("code").asInt(),
                    e.path("err_code").asInt(), e.path("description").asText());
            LOG.log(System.Logger.Level.WARNING, "JetStream error response for create " + kind() + " consumer: "
                    + err.description());
            unsubscribe();
            scheduleRetry(sseq + 1, 0);
            return;
        }
        long delivered = r.path("delivered").path("stream_seq").asLong();
        if (mirror) {
            long last = stream.lastSequence();
            if (last != delivered) {
                stream.mirrorAppend().skip(last + 1, delivered);
            }
            sseq = delivered;
        } else if (sseq != delivered) {
            sseq = delivered + 1;
        }
        cname = r.get("name").asText();
        dseq = 0;
        lastNanos = System.nanoTime();
        SerialExecutor ex = stream.executor();
        health = timer().scheduleWithFixedDelay(() -> ex.execute(() -> checkHealth(gen)), HEALTH_NANOS, HEALTH_NANOS,
                TimeUnit.NANOSECONDS);
        List<ServiceMessage> held = new ArrayList<>(early);
        early.clear();
        for (ServiceMessage m : held) {
            if (gen != generation || !process(m)) {
                break;
            }
        }
    }

    private void checkHealth(int gen) {
        if (gen == generation && !closed && System.nanoTime() - lastNanos > 3 * HEALTH_NANOS) {
            retry();
        }
    }

    private void onMessage(int gen, ServiceMessage m) {
        if (gen != generation || closed) {
            return;
        }
        if (cname == null) {
            if (sip) {
                early.add(m);
            }
            return;
        }
        process(m);
    }

    /** nats-server's processInboundMirrorMsg / processInboundSourceMsg; false stops a batch. */
    private boolean process(ServiceMessage m) {
        // A consumer's message that crossed a route or leaf connection came as
        // <reply>@<subject>; the kernel has taken it apart already.
        String subject = m.subject();
        String reply = m.reply() == null ? "" : m.reply();
        byte[] hdr = m.headers();
        boolean control = m.payload().length == 0 && MsgHeaders.isControl(hdr);
        if (!control && !ackReply(reply)) {
            return false;
        }
        lastNanos = System.nanoTime();
        if (control) {
            if (!reply.isEmpty()) {
                conn.publish(reply, "", null, EMPTY);
                return true;
            }
            long last = MsgHeaders.parseSequence(MsgHeaders.get(hdr, "Nats-Last-Consumer"));
            if (last > 0 && last != dseq) {
                retry();
                return false;
            }
            String stalled = MsgHeaders.get(hdr, "Nats-Consumer-Stalled");
            if (stalled != null) {
                conn.publish(stalled, "", null, EMPTY);
            }
            return true;
        }
        long dc = ackField(reply, 4);
        long s = ackField(reply, 5);
        long d = ackField(reply, 6);
        long ts = ackField(reply, 7);
        long pending = ackField(reply, 8);
        if (dc > 1) {
            return false;
        }
        return mirror ? mirrored(m, subject, hdr, s, d, ts, pending)
                : sourced(m, subject, hdr, reply.substring(dots[4] + 1, dots[5]), s, d, pending);
    }

    /** Where the dots of the last {@link #ackReply} stand, and its end as a ninth. */
    private final int[] dots = new int[9];

    /**
     * Takes apart {@code $JS.ACK.<stream>.<consumer>.<dc>.<sseq>.<dseq>.<ts>.<pending>} without
     * allocating (a mirror catching up reads one per message).
     *
     * @return true for an ack reply of nine tokens naming the current consumer
     */
    private boolean ackReply(String reply) {
        if (!reply.startsWith("$JS.ACK.") || cname == null) {
            return false;
        }
        int n = 0;
        for (int i = 0; i < reply.length(); i++) {
            if (reply.charAt(i) == '.') {
                if (n == 8) {
                    return false;
                }
                dots[n++] = i;
            }
        }
        if (n != 8) {
            return false;
        }
        dots[8] = reply.length();
        return dots[3] - dots[2] - 1 == cname.length() && reply.startsWith(cname, dots[2] + 1);
    }

    /** Token {@code i} (4..8) of the last {@link #ackReply} as nats-server's parseAckReplyNum. */
    private long ackField(String reply, int i) {
        return MsgHeaders.parseSequence(reply, dots[i - 1] + 1, dots[i]);
    }

    private boolean mirrored(ServiceMessage m, String subject, byte[] hdr, long s, long d, long ts, long pending) {
        long olag = lag;
        long osseq = sseq;
        long odseq = dseq;
        if (s == sseq + 1) {
            dseq = d;
            sseq++;
        } else if (s <= sseq) {
            return true;
        } else if (d == dseq + 1) {
            // Gone from the origin (expired, deleted): the mirror keeps the gap as deleted.
            stream.mirrorAppend().skip(sseq + 1, s - 1);
            dseq++;
            sseq = s;
        } else {
            retry();
            return false;
        }
        lag = pending == 0 ? 0 : pending - 1;
        if (stream.config().mirrorDirect() && pending < CAUGHT_UP) {
            directReady = true;
        }
        MirrorAppend.Result result = stream.mirrorAppend().append(subject, hdr, m.payload(), ts, s);
        if (result == MirrorAppend.Result.STORED) {
            return true;
        }
        if (result == MirrorAppend.Result.OUT_OF_STEP) {
            if (s <= stream.lastSequence()) {
                lag = olag;
                sseq = osseq;
                dseq = odseq;
                return false;
            }
            dseq = odseq;
            sseq = osseq;
            retry();
        }
        return false;
    }

    private boolean sourced(ServiceMessage m, String subject, byte[] hdr, String seqToken, long s, long d,
                            long pending) {
        if (d == dseq + 1) {
            dseq++;
            sseq = s;
        } else if (d > dseq) {
            setup(sseq + 1, 0);
            return false;
        } else {
            return false;
        }
        lag = pending == 0 ? 0 : pending - 1;
        SourceSpec sp = spec;
        byte[] h = MsgHeaders.replace(hdr, STREAM_SOURCE, sp.sourceHeader(seqToken));
        Republish tr = transform;
        if (tr != null) {
            String to = tr.match(subject);
            subject = to == null ? subject : to;
        }
        if (!stream.storeSourced(subject, h, m.payload())) {
            // As nats-server: find where the stream really is for this source and ask again.
            Sourcing.startingSequence(stream, this);
            setup(sseq + 1, 0);
            return false;
        }
        return true;
    }

    /** A stalled or out-of-step consumer is replaced (at most every 2 s). */
    void retry() {
        if (mirror) {
            setup(0, 0);
        } else {
            setup(sseq + 1, 0);
        }
    }

    private void scheduleRetry(long seq, long startTime) {
        stop(retry);
        long next = Math.max(0, RETRY_NANOS - (System.nanoTime() - lreq))
                + TimeUnit.MILLISECONDS.toNanos(10) + ThreadLocalRandom.current().nextInt(50);
        SerialExecutor ex = stream.executor();
        retry = timer().schedule(() -> ex.execute(() -> {
            retry = null;
            if (!closed) {
                setup(seq, startTime);
            }
        }), next, TimeUnit.NANOSECONDS);
    }

    /** nats-server's cancelSourceInfo: the deliver subscription and consumer name go. */
    private void cancel() {
        sub = end(sub);
        directReady = false;
        cname = null;
        early.clear();
        health = stop(health);
    }

    /** Ends the deliver and answer subscriptions. */
    private void unsubscribe() {
        sub = end(sub);
        replySub = end(replySub);
    }

    private static ServiceSubscription end(ServiceSubscription s) {
        if (s != null) {
            s.unsubscribe();
        }
        return null;
    }

    private void cancelTimeout() {
        timeout = stop(timeout);
    }

    private static ScheduledFuture<?> stop(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }

    /** Stops for good (stream stopped, deleted, or the source configured out). */
    void close() {
        closed = true;
        cancel();
        unsubscribe();
        cancelTimeout();
        retry = stop(retry);
        generation++;
    }

    private java.util.concurrent.ScheduledExecutorService timer() {
        return stream.account().service().timer();
    }

    private String kind() {
        return mirror ? "mirror" : "source";
    }
}
