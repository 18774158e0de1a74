package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.ResponseType;
import io.natsj.kernel.client.FlushSet;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.Republisher;
import io.natsj.kernel.subject.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The way back for responses to imported services, one per exporting account: requests
 * carry a reply subject {@code _R_.<account prefix>.<random>} in the exporter, and one
 * wildcard subscription on {@code _R_.<account prefix>.>} hands each response to the
 * requester's original reply in its own account.
 *
 * <p>One wildcard subscription, rather than one per request, keeps the subject index (and
 * every connection's match cache) unchanged while requests come and go. A singleton way back
 * closes after its response; every way back closes when the export's response threshold has
 * passed, swept as new requests arrive.
 */
final class ServiceResponses extends ImportSubscriber {

    private static final char[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final long SWEEP_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private record Pending(Account requester, String reply, ResponseType type, long deadline,
                           LatencyTracking tracking) {
    }

    private final String prefix;
    private final LatencyReporter latency;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    ServiceResponses(LatencyReporter latency) {
        this.latency = latency;
        this.prefix = "_R_." + random(6) + ".";
    }

    /** @return the subject of the wildcard subscription in the exporting account */
    String wildcard() {
        return prefix + ">";
    }

    /**
     * Opens a way back.
     *
     * @param tracking the latency measurement of this request, or null when not measured
     * @return the reply subject to give the exporter's responder
     */
    String open(Account requester, String reply, ResponseType type, Duration threshold, LatencyTracking tracking) {
        long now = System.nanoTime();
        sweep(now);
        // A measured request's reply names this server, for the responder's server's half.
        String mapped = tracking == null ? prefix + random(10) : prefix + random(10) + latency.trackedSuffix();
        pending.put(mapped, new Pending(requester, reply, type, now + threshold.toNanos(), tracking));
        if (tracking != null) {
            latency.watchReply(requester, reply, this, mapped, now + threshold.toNanos());
        }
        return mapped;
    }

    /**
     * Closes a measured request's way back once its threshold has passed without a response
     * (nats-server's 504). Scheduled for measured requests only, so unmeasured ones cost no timer.
     */
    void expire(String mapped) {
        Pending p = pending.get(mapped);
        if (p != null && System.nanoTime() - p.deadline() >= 0 && pending.remove(mapped, p)) {
            timedOut(p);
        }
    }

    /** The requestor no longer listens on the reply: a measured request still waiting reports 408. */
    void interestLost(String mapped) {
        Pending p = pending.remove(mapped);
        if (p != null && p.tracking() != null) {
            latency.failed(p.tracking(), 408, "Request Timeout");
        }
    }

    /** Closes a way back nobody will answer: a measured request reports 503, as nats-server's. */
    void close(String mapped) {
        Pending p = pending.remove(mapped);
        if (p != null && p.tracking() != null) {
            latency.failed(p.tracking(), 503, "Service Unavailable");
        }
    }


    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet flushes) {
        String subject = Republisher.subject(m);
        Pending p = pending.get(subject);
        if (p == null) {
            return false;
        }
        if (System.nanoTime() - p.deadline() > 0) {
            if (pending.remove(subject, p)) {
                timedOut(p);
            }
            return false;
        }
        if (p.type() == ResponseType.SINGLETON) {
            pending.remove(subject, p);
        }
        if (p.tracking() != null) {
            // nats-server reports before it delivers the response.
            latency.responded(p.tracking(), m, subject);
        }
        Republisher.republish(p.requester(), p.reply(), Republisher.reply(m), m, flushes);
        return true;
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        pending.entrySet().removeIf(e -> {
            Pending p = e.getValue();
            if (now - p.deadline() > 0) {
                timedOut(p);
                return true;
            }
            return false;
        });
    }

    private void timedOut(Pending p) {
        if (p.tracking() != null) {
            latency.failed(p.tracking(), 504, "Service Timeout");
        }
    }

    private static String random(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = DIGITS[r.nextInt(DIGITS.length)];
        }
        return new String(c);
    }

    @Override
    public String toString() {
        return "ServiceResponses[" + prefix + "]";
    }
}
