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

    private record Pending(Account requester, String reply, ResponseType type, long deadline) {
    }

    private final String prefix;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    ServiceResponses() {
        this.prefix = "_R_." + random(6) + ".";
    }

    /** @return the subject of the wildcard subscription in the exporting account */
    String wildcard() {
        return prefix + ">";
    }

    /**
     * Opens a way back.
     *
     * @return the reply subject to give the exporter's responder
     */
    String open(Account requester, String reply, ResponseType type, Duration threshold) {
        long now = System.nanoTime();
        sweep(now);
        String mapped = prefix + random(10);
        pending.put(mapped, new Pending(requester, reply, type, now + threshold.toNanos()));
        return mapped;
    }

    /** Closes a way back nobody will answer. */
    void close(String mapped) {
        pending.remove(mapped);
    }


    @Override
    public boolean deliver(Subscription sub, InboundMessage m, FlushSet flushes) {
        String subject = Republisher.subject(m);
        Pending p = pending.get(subject);
        if (p == null) {
            return false;
        }
        if (System.nanoTime() - p.deadline() > 0) {
            pending.remove(subject, p);
            return false;
        }
        if (p.type() == ResponseType.SINGLETON) {
            pending.remove(subject, p);
        }
        Republisher.republish(p.requester(), p.reply(), Republisher.reply(m), m, flushes);
        return true;
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        pending.values().removeIf(p -> now - p.deadline() > 0);
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
