package io.natsj.jetstream;

import java.util.Collection;

/**
 * nats-server's account limits for a stream: on create or restore its jsNonClusteredStreamLimitsCheck
 * (the streams of the tier, all streams under default limits; the consumers a stream may ask
 * for; the bytes it reserves, {@code max_bytes} (1 when unset) times its replicas, beside what
 * the other streams reserve: tieredReservation, under default limits those of the same storage,
 * in a tier those of the same replica count whatever their storage; the server's own limit),
 * and on update its configUpdateCheck, which reserves only what {@code max_bytes} and the
 * replicas grow by.
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
     * @param serverReserved what every stream of the server reserves of the stream's storage
     * @throws ApiError.Failure with nats-server's error
     */
    static void check(AccountLimits selected, StreamConfig cfg, int replicas, boolean tiered,
                      Collection<Stream> streams, int restoring, JetStreamSettings settings, long serverReserved) {
        long inTier = tiered ? streams.stream().filter(s -> replicas(s.config()) == replicas).count()
                : streams.size();
        if (selected.maxStreams() > 0 && inTier + restoring >= selected.maxStreams()) {
            throw new ApiError.Failure(ApiError.MAXIMUM_STREAMS);
        }
        checkConsumers(selected, cfg);
        checkMaxBytes(selected, cfg);
        long reserved = reserved(streams, cfg, replicas, tiered);
        long adding = (cfg.maxBytes() > 0 ? cfg.maxBytes() : 1) * replicas;
        checkBytes(selected, cfg, reserved + adding, cfg.maxBytes() < 0 ? 1 : cfg.maxBytes(), settings,
                serverReserved);
    }

    /**
     * checkStreamCfg's {@code max_bytes} rules, by the limits of the stream's tier: required
     * (10113), and at most the account's per-stream maximum (10122).
     *
     * @param selected those limits, or null when there are none (nothing is checked)
     */
    static void checkMaxBytes(AccountLimits selected, StreamConfig cfg) {
        if (selected == null) {
            return;
        }
        long streamMax = cfg.isMemory() ? selected.memoryMaxStreamBytes() : selected.storeMaxStreamBytes();
        if (selected.maxBytesRequired() && cfg.maxBytes() <= 0) {
            throw new ApiError.Failure(ApiError.MAX_BYTES_REQUIRED);
        }
        if (streamMax > 0 && cfg.maxBytes() > streamMax) {
            throw new ApiError.Failure(ApiError.MAX_STREAM_BYTES_EXCEEDED);
        }
    }

    /**
     * configUpdateCheck's limits for a stream update, after the config rules and before the
     * subject overlap. The limits are those of the new replicas' tier, else, when the replicas
     * change, of the old one's (so a stream may move to replicas its account has no tier for,
     * held to its old tier's limits), else 10120. The stream's current reservation,
     * {@code max_bytes × replicas} as configured (-1 × replicas when unset, as nats-server adds
     * it), joins the other streams' of the new replica count; what is added is the growth of
     * {@code max_bytes} times the new replicas, plus the old {@code max_bytes} once for each
     * replica added.
     *
     * @param tiers the account's limits
     * @param old the stream's config
     * @param cfg the new config, with defaults
     * @param streams the account's streams
     * @param settings the server's JetStream settings
     * @param serverReserved what every stream of the server, this one included, reserves of its storage
     * @throws ApiError.Failure with nats-server's error
     */
    static void checkUpdate(AccountTiers tiers, StreamConfig old, StreamConfig cfg, Collection<Stream> streams,
                            JetStreamSettings settings, long serverReserved) {
        int oldReplicas = replicas(old);
        int newReplicas = replicas(cfg);
        AccountLimits selected = tiers.select(newReplicas);
        if (selected == null && oldReplicas != newReplicas) {
            selected = tiers.select(oldReplicas);
        }
        if (selected == null) {
            throw new ApiError.Failure(ApiError.NO_LIMITS);
        }
        long growth = Math.max(0, cfg.maxBytes() - old.maxBytes());
        long offset = old.maxBytes() > 0 && newReplicas > oldReplicas ? old.maxBytes() * (newReplicas - oldReplicas)
                : 0;
        long reserved = reserved(streams, cfg, newReplicas, tiers.tiered()) + (long) oldReplicas * old.maxBytes();
        checkConsumers(selected, cfg);
        checkBytes(selected, cfg, reserved + growth * newReplicas + offset, growth, settings, serverReserved);
    }

    /** checkLimits: a stream may not ask for more consumers than its account allows (10026). */
    private static void checkConsumers(AccountLimits selected, StreamConfig cfg) {
        if (cfg.maxConsumers() > 0 && selected.maxConsumers() > 0 && cfg.maxConsumers() > selected.maxConsumers()) {
            throw new ApiError.Failure(ConsumerConfigCheck.MAXIMUM_CONSUMERS);
        }
    }

    /**
     * checkBytesLimits: what the tier would then reserve against the account's storage, and
     * the bytes added beside what all the server's streams reserve (storeReserved,
     * memReserved) against the server's.
     */
    private static void checkBytes(AccountLimits selected, StreamConfig cfg, long accountTotal, long serverAdding,
                                   JetStreamSettings settings, long serverReserved) {
        long accountMax = cfg.isMemory() ? selected.maxMemory() : selected.maxStore();
        long serverMax = cfg.isMemory() ? settings.maxMemory() : settings.maxStore();
        if ((accountMax >= 0 && accountTotal > accountMax) || serverReserved + serverAdding > serverMax) {
            throw new ApiError.Failure(cfg.isMemory() ? ApiError.MEMORY_RESOURCES : ApiError.STORAGE_RESOURCES);
        }
    }

    /** tieredReservation: what the account's other streams reserve beside {@code cfg}. */
    private static long reserved(Collection<Stream> streams, StreamConfig cfg, int replicas, boolean tiered) {
        long reserved = 0;
        for (Stream s : streams) {
            StreamConfig o = s.config();
            boolean sameTier = tiered ? replicas(o) == replicas : o.isMemory() == cfg.isMemory();
            if (o.maxBytes() > 0 && sameTier && !o.name().equals(cfg.name())) {
                reserved += replicas(o) * o.maxBytes();
            }
        }
        return reserved;
    }

    private static int replicas(StreamConfig c) {
        return Math.max(1, c.replicas());
    }
}
