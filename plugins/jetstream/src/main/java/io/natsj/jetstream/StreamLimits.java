package io.natsj.jetstream;

import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamStore;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stream's limits as nats-server's stores apply them: {@code discard: new} refuses a message
 * with the store's error text, {@code discard: old} and {@code max_msgs_per_subject} remove the
 * oldest messages after an append, and {@code max_age} removes expired messages on one timer
 * set for the oldest message's expiry (never a check per publish). Used only on the stream's
 * executor.
 */
final class StreamLimits {

    private final Stream stream;
    private ScheduledFuture<?> expiry;

    StreamLimits(Stream stream) {
        this.stream = stream;
    }

    /** @return the store's error text when discard new refuses the message, else null */
    String discardNew(StreamConfig cfg, String subject, long length) {
        if (!cfg.discardNew()) {
            return null;
        }
        StreamStore store = stream.store();
        boolean atSubjectLimit = cfg.maxMsgsPerSubject() > 0
                && store.countMatching(subject, 0) >= cfg.maxMsgsPerSubject();
        if (atSubjectLimit && cfg.discardNewPerSubject()) {
            return "maximum messages per subject exceeded";
        }
        if (cfg.maxMsgs() > 0 && stream.messages() >= cfg.maxMsgs() && !atSubjectLimit) {
            return "maximum messages exceeded";
        }
        if (cfg.maxBytes() > 0 && stream.bytes() + length >= cfg.maxBytes()) {
            if (!atSubjectLimit) {
                return "maximum bytes exceeded";
            }
            StoredMessage oldest = store.loadNext(subject, 0);
            if (oldest == null || MessageSize.of(cfg.isMemory(), oldest) < length) {
                return "maximum bytes exceeded";
            }
        }
        return null;
    }

    /** Removes what the limits no longer allow after an append on {@code subject}, oldest first. */
    void enforce(StreamConfig cfg, String subject) {
        StreamStore store = stream.store();
        if (cfg.maxMsgsPerSubject() > 0 && subject != null) {
            long over = store.countMatching(subject, 0) - cfg.maxMsgsPerSubject();
            for (long i = 0; i < over; i++) {
                StoredMessage oldest = store.loadNext(subject, 0);
                if (oldest == null || !stream.removeCounted(oldest)) {
                    break;
                }
            }
        }
        // discard new refused what did not fit by payload size before the append; the record's
        // overhead can still take the stream over max_bytes, and nats-server's stores then drop
        // the oldest whatever the discard policy.
        while ((cfg.maxMsgs() > 0 && stream.messages() > cfg.maxMsgs())
                || (cfg.maxBytes() > 0 && stream.bytes() > cfg.maxBytes())) {
            StoredMessage first = store.loadNext(null, 0);
            if (first == null || !stream.removeCounted(first)) {
                break;
            }
        }
    }

    /** After a config update: every subject over its limit, then the stream's limits. */
    void enforceAll(StreamConfig cfg) {
        if (cfg.maxMsgsPerSubject() > 0) {
            for (Map.Entry<String, Long> e : stream.store().subjectCounts(null).entrySet()) {
                if (e.getValue() > cfg.maxMsgsPerSubject()) {
                    enforce(cfg, e.getKey());
                }
            }
        }
        enforce(cfg, null);
    }

    /** Sets the age timer for when the oldest message expires (or one max_age from now). */
    void scheduleExpiry() {
        cancelExpiry();
        long maxAge = stream.config().maxAge();
        if (maxAge <= 0 || stream.isClosed()) {
            return;
        }
        StoredMessage first = stream.store().loadNext(null, 0);
        long delay = first == null ? maxAge
                : Math.max(1_000_000L, first.timestampNanos() + maxAge - Stream.nowNanos());
        expiry = stream.account().service().timer().schedule(() -> stream.executor().execute(this::expire), delay,
                TimeUnit.NANOSECONDS);
    }

    void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void expire() {
        if (stream.isClosed()) {
            return;
        }
        long cutoff = Stream.nowNanos() - stream.config().maxAge();
        StoredMessage first = stream.store().loadNext(null, 0);
        while (first != null && first.timestampNanos() <= cutoff) {
            stream.removeCounted(first);
            first = stream.store().loadNext(null, first.sequence() + 1);
        }
        scheduleExpiry();
    }
}
