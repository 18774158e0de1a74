package io.natsj.jetstream;

import io.natsj.spi.service.ServiceSubscription;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The push side of a consumer with a {@code deliver_subject}, as nats-server 2.9.10 runs it:
 * delivery only while someone listens on the deliver subject (the consumer is "active"; an
 * ephemeral, or a durable with {@code inactive_threshold}, goes away after that long without
 * a listener), flow control ({@code 100 FlowControl Request} once half the pending-bytes window
 * is out, delivery stalled past the window until the client answers on {@code $JS.FC...}; the
 * window starts at 2 MiB and doubles on each answer up to 32 MiB), idle heartbeats (with
 * {@code Nats-Consumer-Stalled} naming the unanswered flow control) and
 * {@code rate_limit_bps}. Everything here runs on the stream's executor except the flow
 * control handler, which hands over to it.
 *
 * <p>Interest comes from the kernel as it changes ({@code InternalConnection.watchInterest},
 * as nats-server registers a sublist notification for the deliver subject): the watcher is
 * called on the subscribing connection's thread, so it only queues the news on the executor,
 * in order; a delivery that finds nobody also looks at once (nats-server's didNotDeliver).
 */
final class PushDelivery {

    /** nats-server's JsFlowControlMaxPending. */
    static final int FLOW_CONTROL_MAX_PENDING = 32 * 1024 * 1024;
    private static final byte[] FC_REQUEST = "NATS/1.0 100 FlowControl Request\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Consumer o;
    private final String deliverSubject;
    /** Whether someone listens on the deliver subject. */
    boolean active;
    private long inactiveSince;
    // Flow control (nats-server's pbytes, maxpb, pblimit, fcid, fcsz).
    private long pbytes;
    private long maxpb;
    private long pblimit;
    private String fcid;
    private long fcsz;
    private ServiceSubscription fcSub;
    // Idle heartbeats: the last message or heartbeat sent, on the nanoTime clock.
    private long lastSent = System.nanoTime();
    // rate_limit_bps as a token bucket of bytes, full at the start (Go's rate.Limiter).
    private double tokens;
    /** When {@link #tokens} was last brought up to date; 0 before the first message. */
    private long tokensAt;
    private ScheduledFuture<?> heartbeatTimer;
    /** The deliver subject's interest watch, while started. */
    private ServiceSubscription interestWatch;
    /** inactive_threshold: removal of the consumer while nobody listens, or null. */
    private ScheduledFuture<?> inactiveTimer;

    PushDelivery(Consumer o) {
        this.o = o;
        this.deliverSubject = o.config.deliverSubject();
    }

    String subject() {
        return deliverSubject;
    }

    /** Starts watching interest, heartbeats and flow control; on the executor. */
    void start() {
        if (o.config.flowControl()) {
            pblimit = FLOW_CONTROL_MAX_PENDING;
            maxpb = Math.max(1, pblimit / 16);
            String fc = "$JS.FC." + o.stream.name() + "." + o.name + ".*";
            fcSub = o.conn().subscribe(fc, null, m -> o.stream.executor().execute(() -> flowControlReply(m.subject())));
        }
        // The watch's first call only queues the state; read it now as well, so that the
        // consumer's info is right as soon as it is created. Later queued states win, in order.
        interestWatch = o.conn().watchInterest(deliverSubject,
                now -> o.stream.executor().execute(() -> interestChanged(now)));
        active = o.conn().hasLocalInterest(deliverSubject);
        inactiveSince = System.nanoTime();
        if (!active) {
            scheduleInactive();
        }
        scheduleHeartbeat();
        if (active) {
            o.deliver();
        }
    }

    /** @return whether the next message may go now (active and within the flow control window) */
    boolean canSend() {
        return active && !(maxpb > 0 && pbytes > maxpb);
    }

    /**
     * rate_limit_bps: takes {@code size} bytes from the bucket.
     *
     * @return how long to wait before sending, in nanoseconds (0 to send now)
     */
    long rateDelay(long size) {
        long bps = o.config.rateLimit();
        if (bps <= 0) {
            return 0;
        }
        double rate = bps / 8.0 / 1e9;
        long burst = o.stream.config().maxMsgSize() > 0 ? o.stream.config().maxMsgSize()
                : o.stream.account().service().maxPayload();
        long now = System.nanoTime();
        if (tokensAt == 0) {
            tokens = burst;
        } else {
            tokens = Math.min(burst, tokens + (now - tokensAt) * rate);
        }
        tokensAt = now;
        tokens -= size;
        return tokens >= 0 ? 0 : (long) (-tokens / rate);
    }

    /** A message went to the deliver subject: flow control accounting, heartbeat reset. */
    void sent(int replyLength, int hdrLen, int payloadLen) {
        lastSent = System.nanoTime();
        if (maxpb <= 0) {
            return;
        }
        long psz = deliverSubject.length() + replyLength + hdrLen + payloadLen;
        pbytes += psz;
        if (fcid == null && pbytes > maxpb / 2) {
            sendFlowControl();
        } else if (fcid != null && pbytes - fcsz >= maxpb) {
            fcsz += psz;
        }
    }

    /** Nobody took a message: nats-server's didNotDeliver marks the consumer inactive. */
    void notDelivered() {
        if (active && !o.conn().hasLocalInterest(deliverSubject)) {
            interest(false);
        }
    }

    private void sendFlowControl() {
        char[] r = new char[4];
        long rn = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        for (int i = 0; i < r.length; i++) {
            r[i] = DIGITS.charAt((int) (rn % DIGITS.length()));
            rn /= DIGITS.length();
        }
        fcid = "$JS.FC." + o.stream.name() + "." + o.name + "." + new String(r);
        fcsz = pbytes;
        o.conn().deliver(deliverSubject, deliverSubject, fcid, FC_REQUEST, EMPTY);
    }

    /** nats-server's processFlowControl: only the latest request counts. */
    private void flowControlReply(String subject) {
        if (o.closed || !subject.equals(fcid)) {
            return;
        }
        if (maxpb < pblimit) {
            maxpb = Math.min(maxpb * 2, pblimit);
        }
        pbytes = Math.max(0, pbytes - fcsz);
        fcid = null;
        fcsz = 0;
        o.deliver();
    }

    private void scheduleHeartbeat() {
        long hb = o.config.heartbeat();
        if (hb <= 0 || o.closed) {
            return;
        }
        long delay = Math.max(1_000_000L, lastSent + hb - System.nanoTime());
        heartbeatTimer = o.stream.account().service().timer().schedule(
                () -> o.stream.executor().execute(this::heartbeat), delay, TimeUnit.NANOSECONDS);
    }

    private void heartbeat() {
        if (o.closed) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastSent >= o.config.heartbeat() - 1_000_000L) {
            if (active) {
                String h = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: " + (o.dseq - 1)
                        + "\r\nNats-Last-Stream: " + (o.sseq - 1) + "\r\n"
                        + (fcid == null ? "" : "Nats-Consumer-Stalled: " + fcid + "\r\n") + "\r\n";
                o.conn().deliver(deliverSubject, deliverSubject, "", h.getBytes(StandardCharsets.US_ASCII), EMPTY);
                o.conn().flushDeliveries();
            }
            lastSent = now;
        }
        scheduleHeartbeat();
    }

    /** The kernel said interest changed; on the executor, in the order it said so. */
    private void interestChanged(boolean now) {
        if (!o.closed && now != active) {
            interest(now);
        }
    }

    /**
     * inactive_threshold: once nobody has listened that long, the consumer goes (an ephemeral
     * always has one). Interest coming back cancels it.
     */
    private void scheduleInactive() {
        long t = o.config.inactiveThreshold();
        if (t <= 0 || o.closed) {
            return;
        }
        long delay = Math.max(1_000_000L, inactiveSince + t - System.nanoTime());
        inactiveTimer = o.stream.account().service().timer().schedule(() -> o.stream.executor().execute(() -> {
            inactiveTimer = null;
            if (o.closed || active) {
                return;
            }
            if (System.nanoTime() - inactiveSince >= o.config.inactiveThreshold()) {
                o.owner().deleteInactive(o);
            } else {
                scheduleInactive();
            }
        }), delay, TimeUnit.NANOSECONDS);
    }

    /** nats-server's updateDeliveryInterest. */
    private void interest(boolean now) {
        active = now;
        if (now) {
            if (inactiveTimer != null) {
                inactiveTimer.cancel(false);
                inactiveTimer = null;
            }
            o.deliver();
        } else {
            inactiveSince = System.nanoTime();
            if (inactiveTimer == null) {
                scheduleInactive();
            }
        }
    }

    void stop() {
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {heartbeatTimer, inactiveTimer}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        if (interestWatch != null) {
            interestWatch.unsubscribe();
        }
        if (fcSub != null) {
            fcSub.unsubscribe();
        }
    }
}
