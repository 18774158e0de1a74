package io.natsj.jetstream;

import java.util.Collection;

/**
 * nats-server's jsNonClusteredStreamLimitsCheck and account max_bytes rules for a stream about
 * to be created or restored: the streams of its tier (all streams under default limits), then
 * the bytes it reserves ({@code max_bytes}, 1 when unset, times its replicas) beside what the
 * other streams reserve (tieredReservation: under default limits those of the same storage, in
 * a tier those of the same replica count, whatever their storage), then the server's own limit.
 */
final class StreamLimitsCheck {

    private StreamLimitsCheck() {
    }

    /**
     * @param selected the limits of the stream's tier (or the default ones)
     * @param cfg the stream's config
     * @param replicas its replicas as requested, at least 1
     * @param tiered whether the account's limits are per tier
     * @param streams the account's streams
     * @param restoring how many restores hold a name
     * @param settings the server's JetStream settings
     * @throws ApiError.Failure with nats-server's error
     */
    static void check(AccountLimits selected, StreamConfig cfg, int replicas, boolean tiered,
                      Collection<Stream> streams, int restoring, JetStreamSettings settings) {
        long inTier = tiered ? streams.stream().filter(s -> Math.max(1, s.config().replicas()) == replicas).count()
                : streams.size();
        if (selected.maxStreams() > 0 && inTier + restoring >= selected.maxStreams()) {
            throw new ApiError.Failure(ApiError.MAXIMUM_STREAMS);
        }
        long streamMax = cfg.isMemory() ? selected.memoryMaxStreamBytes() : selected.storeMaxStreamBytes();
        if (selected.maxBytesRequired() && cfg.maxBytes() <= 0) {
            throw new ApiError.Failure(ApiError.MAX_BYTES_REQUIRED);
        }
        if (streamMax > 0 && cfg.maxBytes() > streamMax) {
            throw new ApiError.Failure(ApiError.MAX_STREAM_BYTES_EXCEEDED);
        }
        long reserved = 0;
        for (Stream s : streams) {
            StreamConfig o = s.config();
            boolean sameTier = tiered ? Math.max(1, o.replicas()) == replicas : o.isMemory() == cfg.isMemory();
            if (o.maxBytes() > 0 && sameTier && !o.name().equals(cfg.name())) {
                reserved += Math.max(1, o.replicas()) * o.maxBytes();
            }
        }
        long adding = (cfg.maxBytes() > 0 ? cfg.maxBytes() : 1) * replicas;
        long accountMax = cfg.isMemory() ? selected.maxMemory() : selected.maxStore();
        long serverMax = cfg.isMemory() ? settings.maxMemory() : settings.maxStore();
        if ((accountMax >= 0 && reserved + adding > accountMax) || cfg.maxBytes() > serverMax) {
            throw new ApiError.Failure(cfg.isMemory() ? ApiError.MEMORY_RESOURCES : ApiError.STORAGE_RESOURCES);
        }
    }
}
