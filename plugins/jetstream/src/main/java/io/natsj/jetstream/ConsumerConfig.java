package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.config.GoFormat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A consumer's configuration as nats-server 2.9.10's {@code ConsumerConfig}: read from a
 * request as Go's decoder reads it (enums by their exact names, durations as nanoseconds, no
 * coercion) and written in the same field order with the same omissions, so that create and
 * info responses match byte for byte.
 *
 * @param durable {@code durable_name}, empty for none
 * @param optStartTime {@code opt_start_time} as Go prints it, or null
 * @param optStartNanos the same time in nanoseconds since the epoch (0 when none)
 * @param backoff redelivery delays in nanoseconds
 */
record ConsumerConfig(String durable, String name, String description, String deliverPolicy, long optStartSeq,
                      String optStartTime, long optStartNanos, String ackPolicy, long ackWait, long maxDeliver,
                      List<Long> backoff, String filterSubject, String replayPolicy, long rateLimit,
                      String sampleFreq, long maxWaiting, long maxAckPending, long heartbeat, boolean flowControl,
                      boolean headersOnly, long maxBatch, long maxExpires, long maxBytes, String deliverSubject,
                      String deliverGroup, long inactiveThreshold, long replicas, boolean memStorage,
                      boolean direct) {

    static final String DELIVER_ALL = "all";
    static final String DELIVER_LAST = "last";
    static final String DELIVER_NEW = "new";
    static final String DELIVER_BY_SEQ = "by_start_sequence";
    static final String DELIVER_BY_TIME = "by_start_time";
    static final String DELIVER_LAST_PER_SUBJECT = "last_per_subject";
    static final String ACK_NONE = "none";
    static final String ACK_ALL = "all";
    static final String ACK_EXPLICIT = "explicit";
    /** nats-server's JsAckWaitDefault. */
    static final long DEFAULT_ACK_WAIT = 30_000_000_000L;
    /** nats-server's JSWaitQueueDefaultMax. */
    static final long DEFAULT_MAX_WAITING = 512;
    /** nats-server's JsDefaultMaxAckPending. */
    static final long DEFAULT_MAX_ACK_PENDING = 1000;
    /** nats-server's JsDeleteWaitTimeDefault, stamped on ephemerals. */
    static final long DEFAULT_INACTIVE_THRESHOLD = 5_000_000_000L;

    /** Thrown for a body Go's decoder refuses; answered as "invalid JSON". */
    static final class BadJson extends RuntimeException {
        BadJson() {
            super(null, null, false, false);
        }
    }

    boolean isPull() {
        return deliverSubject.isEmpty();
    }

    boolean isDurable() {
        return !durable.isEmpty();
    }

    boolean acks() {
        return !ACK_NONE.equals(ackPolicy);
    }

    /** @return the config read from a request's {@code config} object */
    static ConsumerConfig parse(JsonNode n) {
        if (n == null || n.isNull()) {
            n = Json.object();
        }
        if (!n.isObject()) {
            throw new BadJson();
        }
        String start = str(n, "opt_start_time");
        String startText = null;
        long startNanos = 0;
        JsonNode st = n.get("opt_start_time");
        if (st != null && !st.isNull()) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(start);
                Instant i = t.toInstant();
                startNanos = i.getEpochSecond() * 1_000_000_000L + i.getNano();
                startText = GoFormat.time(i, t.getOffset());
            } catch (DateTimeParseException e) {
                throw new BadJson();
            }
        }
        List<Long> backoff = new ArrayList<>();
        JsonNode bo = n.get("backoff");
        if (bo != null && !bo.isNull()) {
            if (!bo.isArray()) {
                throw new BadJson();
            }
            for (JsonNode v : bo) {
                if (!v.isIntegralNumber()) {
                    throw new BadJson();
                }
                backoff.add(v.asLong());
            }
        }
        return new ConsumerConfig(str(n, "durable_name"), str(n, "name"), str(n, "description"),
                deliverPolicy(n.get("deliver_policy")), unsigned(n, "opt_start_seq"), startText, startNanos,
                oneOf(n.get("ack_policy"), ACK_NONE, ACK_NONE, ACK_ALL, ACK_EXPLICIT), lng(n, "ack_wait"),
                lng(n, "max_deliver"), List.copyOf(backoff), str(n, "filter_subject"),
                oneOf(n.get("replay_policy"), "instant", "instant", "original"), unsigned(n, "rate_limit_bps"),
                str(n, "sample_freq"), lng(n, "max_waiting"), lng(n, "max_ack_pending"), lng(n, "idle_heartbeat"),
                bool(n, "flow_control"), bool(n, "headers_only"), lng(n, "max_batch"), lng(n, "max_expires"),
                lng(n, "max_bytes"), str(n, "deliver_subject"), str(n, "deliver_group"),
                lng(n, "inactive_threshold"), lng(n, "num_replicas"), bool(n, "mem_storage"), bool(n, "direct"));
    }

    private static String deliverPolicy(JsonNode v) {
        if (v != null && v.isTextual() && v.asText().equals("undefined")) {
            return DELIVER_ALL;
        }
        return oneOf(v, DELIVER_ALL, DELIVER_ALL, DELIVER_LAST, DELIVER_NEW, DELIVER_BY_SEQ, DELIVER_BY_TIME,
                DELIVER_LAST_PER_SUBJECT);
    }

    private static String oneOf(JsonNode v, String absent, String... names) {
        if (v == null || v.isNull()) {
            return absent;
        }
        if (v.isTextual()) {
            for (String s : names) {
                if (s.equals(v.asText())) {
                    return s;
                }
            }
        }
        throw new BadJson();
    }

    private static String str(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new BadJson();
        }
        return v.asText();
    }

    private static long lng(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadJson();
        }
        return v.asLong();
    }

    private static long unsigned(JsonNode n, String f) {
        long v = lng(n, f);
        if (v < 0) {
            throw new BadJson();
        }
        return v;
    }

    private static boolean bool(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadJson();
        }
        return v.asBoolean();
    }

    /** @return the config as nats-server writes it (omitempty fields left out) */
    ObjectNode toJson() {
        ObjectNode n = Json.object();
        putText(n, "durable_name", durable);
        putText(n, "name", name);
        putText(n, "description", description);
        n.put("deliver_policy", deliverPolicy);
        putLong(n, "opt_start_seq", optStartSeq);
        if (optStartTime != null) {
            n.put("opt_start_time", optStartTime);
        }
        n.put("ack_policy", ackPolicy);
        putLong(n, "ack_wait", ackWait);
        putLong(n, "max_deliver", maxDeliver);
        if (!backoff.isEmpty()) {
            ArrayNode a = n.putArray("backoff");
            backoff.forEach(a::add);
        }
        putText(n, "filter_subject", filterSubject);
        n.put("replay_policy", replayPolicy);
        putLong(n, "rate_limit_bps", rateLimit);
        putText(n, "sample_freq", sampleFreq);
        putLong(n, "max_waiting", maxWaiting);
        putLong(n, "max_ack_pending", maxAckPending);
        putLong(n, "idle_heartbeat", heartbeat);
        if (flowControl) {
            n.put("flow_control", true);
        }
        if (headersOnly) {
            n.put("headers_only", true);
        }
        putLong(n, "max_batch", maxBatch);
        putLong(n, "max_expires", maxExpires);
        putLong(n, "max_bytes", maxBytes);
        putText(n, "deliver_subject", deliverSubject);
        putText(n, "deliver_group", deliverGroup);
        putLong(n, "inactive_threshold", inactiveThreshold);
        n.put("num_replicas", replicas);
        if (memStorage) {
            n.put("mem_storage", true);
        }
        if (direct) {
            n.put("direct", true);
        }
        return n;
    }

    private static void putText(ObjectNode n, String f, String v) {
        if (!v.isEmpty()) {
            n.put(f, v);
        }
    }

    private static void putLong(ObjectNode n, String f, long v) {
        if (v != 0) {
            n.put(f, v);
        }
    }

    ConsumerConfig withName(String newName) {
        return new ConsumerConfig(durable, newName, description, deliverPolicy, optStartSeq, optStartTime,
                optStartNanos, ackPolicy, ackWait, maxDeliver, backoff, filterSubject, replayPolicy, rateLimit,
                sampleFreq, maxWaiting, maxAckPending, heartbeat, flowControl, headersOnly, maxBatch, maxExpires,
                maxBytes, deliverSubject, deliverGroup, inactiveThreshold, replicas, memStorage, direct);
    }

    /**
     * nats-server's setConsumerConfigDefaults (and the ephemeral inactive threshold stamp).
     *
     * @param accountMaxAckPending the account's max_ack_pending limit, or ≤ 0 for none
     */
    ConsumerConfig withDefaults(long accountMaxAckPending) {
        long mw = maxWaiting;
        if (deliverSubject.isEmpty() && mw == 0) {
            mw = DEFAULT_MAX_WAITING;
        }
        long aw = ackWait;
        boolean acked = ACK_EXPLICIT.equals(ackPolicy) || ACK_ALL.equals(ackPolicy);
        if (aw == 0 && acked) {
            aw = DEFAULT_ACK_WAIT;
        }
        long md = maxDeliver == 0 ? -1 : maxDeliver;
        if (!backoff.isEmpty()) {
            aw = backoff.get(0);
        }
        long map = maxAckPending;
        if (acked && map == 0) {
            map = DEFAULT_MAX_ACK_PENDING;
            if (accountMaxAckPending > 0 && accountMaxAckPending < map) {
                map = accountMaxAckPending;
            }
        }
        return new ConsumerConfig(durable, name, description, deliverPolicy, optStartSeq, optStartTime,
                optStartNanos, ackPolicy, aw, md, backoff, filterSubject, replayPolicy, rateLimit, sampleFreq, mw,
                map, heartbeat, flowControl, headersOnly, maxBatch, maxExpires, maxBytes, deliverSubject,
                deliverGroup, inactiveThreshold, replicas, memStorage, direct);
    }

    /** Ephemerals always get an inactive threshold, as nats-server's updateInactiveThreshold stamps it. */
    ConsumerConfig withEphemeralThreshold() {
        if (isDurable() || inactiveThreshold > 0) {
            return this;
        }
        return new ConsumerConfig(durable, name, description, deliverPolicy, optStartSeq, optStartTime,
                optStartNanos, ackPolicy, ackWait, maxDeliver, backoff, filterSubject, replayPolicy, rateLimit,
                sampleFreq, maxWaiting, maxAckPending, heartbeat, flowControl, headersOnly, maxBatch, maxExpires,
                maxBytes, deliverSubject, deliverGroup, DEFAULT_INACTIVE_THRESHOLD, replicas, memStorage, direct);
    }
}
