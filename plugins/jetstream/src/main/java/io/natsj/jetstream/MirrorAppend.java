package io.natsj.jetstream;

import io.natsj.spi.store.StoreException;

/**
 * A mirror's appends, as nats-server's processJetStreamMsg stores a mirrored message with an
 * expected last sequence: under the origin's sequence and time, an empty stream starting at the
 * origin's sequence, sequences gone from the origin kept as deleted. The publish checks
 * ({@code Nats-Expected-*}, dedupe) do not apply; the stream's and account's limits do. On the
 * stream's executor.
 */
final class MirrorAppend {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");

    /** The outcome of storing a mirrored message. */
    enum Result {
        STORED, OUT_OF_STEP, FAILED
    }

    private final Stream stream;

    MirrorAppend(Stream stream) {
        this.stream = stream;
    }

    /**
     * On the executor: stores a mirrored message under the origin's sequence and time, as
     * nats-server's processJetStreamMsg does with an expected last sequence: an empty stream
     * starts at the origin's sequence; otherwise the sequence must follow the last one.
     */
    Result append(String subject, byte[] hdr, byte[] payload, long ts, long seq) {
        if (stream.isClosed()) {
            return Result.FAILED;
        }
        if (seq - 1 != stream.lastSequence()) {
            if (stream.lastSequence() != 0 || stream.messages() != 0) {
                return Result.OUT_OF_STEP;
            }
            stream.store().skipTo(seq);
            stream.lastSequence(seq - 1);
        }
        StreamConfig cfg = stream.config();
        int hdrLen = hdr == null ? 0 : hdr.length;
        long size = MessageSize.of(cfg.isMemory(), subject, hdr, payload);
        String problem = null;
        if (stream.account().service().limitsExceeded(cfg.isMemory())) {
            problem = ApiError.INSUFFICIENT_RESOURCES.description();
        } else if (stream.account().limitsExceeded(stream, cfg.isMemory(), size)) {
            problem = ApiError.ACCOUNT_RESOURCES_EXCEEDED.description();
        } else {
            problem = stream.limits().discardNew(cfg, subject, hdrLen + payload.length);
        }
        if (problem != null) {
            warnMirror(problem);
            return Result.FAILED;
        }
        long when = ts > 0 ? ts : Stream.nowNanos();
        try {
            byte[] h = hdr == null ? new byte[0] : hdr;
            long stored = stream.store().append(subject, h, payload, when, (s, err) -> { });
            stream.stored(cfg, subject, null, stored, when, size, false, false);
        } catch (StoreException e) {
            warnMirror(e.getMessage());
            return Result.FAILED;
        }
        return Result.STORED;
    }

    private long lastMirrorWarning;

    private void warnMirror(String problem) {
        long now = System.nanoTime();
        if (now - lastMirrorWarning > 1_000_000_000L || lastMirrorWarning == 0) {
            lastMirrorWarning = now;
            LOG.log(System.Logger.Level.WARNING, "Error processing inbound mirror message for '"
                    + stream.account().name() + "' > '" + stream.name() + "': " + problem);
        }
    }

    /** On the executor: origin sequences {@code start..end} are gone; the mirror keeps them as deleted. */
    void skip(long start, long end) {
        if (end >= start && start == stream.lastSequence() + 1) {
            stream.store().skipTo(end + 1);
            stream.lastSequence(end);
        }
    }
}
