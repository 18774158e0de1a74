package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An account JWT's JetStream limits ({@code limits.mem_storage}, {@code disk_storage},
 * {@code streams}, {@code consumer}, {@code max_ack_pending}, {@code mem_max_stream_bytes},
 * {@code disk_max_stream_bytes}, {@code max_bytes_required}, or the same per tier in
 * {@code tiered_limits}), turned into the {@code jetstream} block a configured account would
 * have, so the JetStream plugin reads both the same way; tiers go into a {@code tiers} map of
 * such blocks, which only the JetStream plugin in operator mode accepts. As nats' JWT library
 * (v2.3.0) decides, JetStream is enabled when any tier's memory or disk storage is not 0, or,
 * without tiers, when the account's is not; with tiers, nats-server 2.9.10 then uses every
 * tier and not the untiered limits (seen with 2.9.10: an account JWT with both shows only its
 * tiers in account info).
 */
final class JetStreamClaims {

    private JetStreamClaims() {
    }

    /**
     * @param limits an account JWT's {@code limits}
     * @return the account's {@code jetstream} block (nats-server's JetStreamAccountLimits
     *         under natsj's config names), or null when the claims do not enable JetStream
     * @throws JwtException when a field has the wrong type
     */
    static Map<String, Object> read(JsonNode limits) throws JwtException {
        JsonNode tiers = JsonFields.object(limits, "tiered_limits");
        boolean enabled = false;
        if (tiers.isEmpty()) {
            enabled = enables(limits);
        } else {
            for (Map.Entry<String, JsonNode> t : tiers.properties()) {
                if (!t.getValue().isObject()) {
                    throw new JwtException("field \"tiered_limits\": expected objects");
                }
                enabled |= enables(t.getValue());
            }
        }
        if (!enabled) {
            return null;
        }
        if (tiers.isEmpty()) {
            return block(limits);
        }
        Map<String, Object> byTier = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> t : tiers.properties()) {
            byTier.put(t.getKey(), block(t.getValue()));
        }
        return Map.of("tiers", byTier);
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
