package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The consumer-create request of a mirror or source, as nats-server 2.9.10 sends it
 * ({@code setupMirrorConsumer}/{@code setSourceConsumer}): the subject
 * ({@code <api>.CONSUMER.CREATE.<origin>}, or {@code .<name>.<filter>} with a filter), the
 * deliver subject ({@code $JS.M.<random>}, {@code $JS.S.<random>}, or under an external deliver
 * prefix) and the body, its fields in Go's order.
 *
 * @param subject where the request goes
 * @param deliver the deliver subject the consumer will push to
 * @param body the JSON request
 */
record SourceRequest(String subject, String deliver, byte[] body) {

    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param seq a source's first origin sequence wanted (a mirror starts where its store ends)
     * @param startTime a source's start time in epoch nanos, 0 for none
     * @param startNanos the source's fallback start time (nats-server's si.start), 0 for none
     */
    static SourceRequest of(Stream stream, SourceSpec s, boolean mirror, long seq, long startTime, long startNanos) {
        String deliver = s.external() && !s.deliver().isEmpty()
                ? (s.deliver() + randomSubject(mirror ? ".M" : ".S")).replace("..", ".")
                : randomSubject(mirror ? "$JS.M" : "$JS.S");
        ObjectNode config = consumerConfig(stream, s, mirror, seq, startTime, startNanos, deliver);
        String subject = "$JS.API.CONSUMER.CREATE." + s.name();
        if (!s.consumerFilter().isEmpty()) {
            String name = (mirror ? "mirror-" : "src-") + SourceSpec.hash(randomSubject("n"));
            ObjectNode named = Json.object();
            named.put("name", name);
            named.setAll(config);
            config = named;
            subject = subject + "." + name + "." + s.consumerFilter();
        }
        if (s.external()) {
            subject = subject.replaceFirst("^\\$JS\\.API", java.util.regex.Matcher.quoteReplacement(s.api()))
                    .replace("..", ".");
        }
        ObjectNode req = Json.object();
        req.put("stream_name", s.name());
        req.set("config", config);
        return new SourceRequest(subject, deliver, Json.bytes(req));
    }

    /** The consumer nats-server 2.9.10 asks for, its fields in Go's order. */
    private static ObjectNode consumerConfig(Stream stream, SourceSpec s, boolean mirror, long seq, long startTime,
                                             long startNanos, String deliver) {
        String policy;
        long startSeq = 0;
        String time = null;
        if (mirror) {
            io.natsj.spi.store.StreamState st = stream.store().state();
            policy = "by_start_sequence";
            startSeq = st.lastSequence() + 1;
            if (st.messages() == 0 && st.lastSequence() == 0) {
                startSeq = 0;
                if (s.optStartSeq() > 0) {
                    startSeq = s.optStartSeq();
                } else if (s.optStartTime() != null) {
                    time = s.optStartTime();
                    policy = "by_start_time";
                }
            }
            if (startSeq == 0 && time == null) {
                policy = "all";
            }
        } else if (startTime != 0 && seq > 1) {
            policy = "by_start_time";
            time = Json.time(startTime);
        } else if (seq <= 1) {
            policy = "all";
            if (s.optStartSeq() > 0) {
                startSeq = s.optStartSeq();
                policy = "by_start_sequence";
            } else if (s.optStartTime() != null) {
                time = s.optStartNanos() < startNanos ? Json.time(startNanos) : s.optStartTime();
                policy = "by_start_time";
            } else if (startNanos != 0) {
                time = Json.time(startNanos);
                policy = "by_start_time";
            }
        } else {
            startSeq = seq;
            policy = "by_start_sequence";
        }
        ObjectNode c = Json.object();
        c.put("deliver_policy", policy);
        if (startSeq > 0) {
            c.put("opt_start_seq", startSeq);
        }
        if (time != null) {
            c.put("opt_start_time", time);
        }
        c.put("ack_policy", "none");
        c.put("ack_wait", TimeUnit.HOURS.toNanos(22));
        c.put("max_deliver", 1);
        if (!s.consumerFilter().isEmpty()) {
            c.put("filter_subject", s.consumerFilter());
        }
        c.put("replay_policy", "instant");
        c.put("idle_heartbeat", HEARTBEAT_NANOS);
        c.put("flow_control", true);
        c.put("deliver_subject", deliver);
        c.put("num_replicas", 0);
        c.put("direct", true);
        return c;
    }

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** nats-server's syncSubject: the prefix, a dot, 8 random base-62 digits. */
    static String randomSubject(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 9).append(prefix).append('.');
        long r = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            sb.append(DIGITS.charAt((int) (r % 62)));
            r /= 62;
        }
        return sb.toString();
    }
}
