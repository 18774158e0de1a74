package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An account JWT's JetStream limits ({@code limits.mem_storage}, {@code disk_storage},
 * {@code streams}, {@code consumer}, {@code max_ack_pending}, {@code mem_max_stream_bytes},
 * {@code disk_max_stream_bytes}, {@code max_bytes_required}, or the {@code R1} entry of
 * {@code tiered_limits}), turned into the {@code jetstream} block a configured account would
 * have, so the JetStream plugin reads both the same way. As nats' JWT library decides,
 * JetStream is enabled for the account exactly when the memory or disk storage is not 0.
 */
final class JetStreamClaims {

    /** The one tier a server without a cluster stores in (nats-server names tiers by replicas). */
    private static final String SINGLE_REPLICA_TIER = "R1";

    private JetStreamClaims() {
    }

    /**
     * @param limits an account JWT's {@code limits}
     * @return the account's {@code jetstream} block (nats-server's JetStreamAccountLimits
     *         under natsj's config names), or null when the claims do not enable JetStream
     * @throws JwtException when a field has the wrong type
     */
    static Map<String, Object> read(JsonNode limits) throws JwtException {
        if (enables(limits)) {
            return block(limits);
        }
        JsonNode tier = JsonFields.object(JsonFields.object(limits, "tiered_limits"), SINGLE_REPLICA_TIER);
        return enables(tier) ? block(tier) : null;
    }

    /**
     * @param limits an account JWT's {@code limits}
     * @return true when it has tiers other than {@code R1}, which a single server does not use
     */
    static boolean otherTiers(JsonNode limits) {
        JsonNode tiers = limits.path("tiered_limits");
        return tiers.isObject() && tiers.propertyStream().anyMatch(e -> !e.getKey().equals(SINGLE_REPLICA_TIER));
    }

    private static boolean enables(JsonNode l) throws JwtException {
        return JsonFields.integer(l, "mem_storage") != 0 || JsonFields.integer(l, "disk_storage") != 0;
    }

    private static Map<String, Object> block(JsonNode l) throws JwtException {
        Map<String, Object> js = new LinkedHashMap<>();
        js.put("max_mem", JsonFields.integer(l, "mem_storage"));
        js.put("max_file", JsonFields.integer(l, "disk_storage"));
        js.put("max_streams", JsonFields.integer(l, "streams"));
        js.put("max_consumers", JsonFields.integer(l, "consumer"));
        js.put("max_ack_pending", unlimitedUnlessPositive(JsonFields.integer(l, "max_ack_pending")));
        js.put("mem_max_stream_bytes", unlimitedUnlessPositive(JsonFields.integer(l, "mem_max_stream_bytes")));
        js.put("disk_max_stream_bytes", unlimitedUnlessPositive(JsonFields.integer(l, "disk_max_stream_bytes")));
        js.put("max_bytes_required", JsonFields.bool(l, "max_bytes_required"));
        return js;
    }

    /** nats-server's toUnlimited: 0 (unset) and negatives mean no limit. */
    private static long unlimitedUnlessPositive(long v) {
        return v > 0 ? v : -1;
    }
}
