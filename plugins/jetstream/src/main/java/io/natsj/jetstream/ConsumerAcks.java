package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Acknowledgements on {@code $JS.ACK.<stream>.<consumer>.<dc>.<sseq>.<dseq>.<ts>.<pending>}, as
 * nats-server's processAck: {@code +ACK} (or empty, or {@code +OK}), {@code -NAK} with an
 * optional delay, {@code +WPI}, {@code +TERM} and {@code +NXT}. An ack with a reply subject
 * (a "double ack") is answered with an empty message once the ack is recorded — for a durable
 * of a file stream, once its state is on disk. On the stream's executor.
 */
final class ConsumerAcks {

    private ConsumerAcks() {
    }

    static void process(Consumer o, long dc, long sseq, long dseq, String reply, byte[] payload) {
        String body = new String(payload, StandardCharsets.UTF_8);
        boolean skipReply = sseq == 0;
        if (body.isEmpty() || body.equals("+ACK") || body.equals("+OK")) {
            ack(o, sseq, dseq, dc, true);
        } else if (body.startsWith("+NXT")) {
            ack(o, sseq, dseq, dc, true);
            o.nextRequest(reply, body.substring(4).getBytes(StandardCharsets.UTF_8));
            skipReply = true;
        } else if (body.startsWith("-NAK")) {
            nak(o, sseq, dseq, dc, body.substring(4).trim());
        } else if (body.equals("+WPI")) {
            Pending p = new Pending(o, sseq);
            p.progress();
        } else if (body.equals("+TERM")) {
            ack(o, sseq, dseq, dc, false);
            ConsumerAdvisories.terminated(o, sseq, dseq, dc);
        }
        if (reply != null && !reply.isEmpty() && !skipReply) {
            if (o.store != null) {
                o.store.flush(o);
            }
            o.stream.account().publish(reply, new byte[0]);
        }
    }

    /** +WPI: restart the ack wait of a pending message. */
    private record Pending(Consumer o, long sseq) {
        void progress() {
            AckTracker.Pending p = o.acks.pending.get(sseq);
            if (p != null) {
                p.ts = Stream.nowNanos();
                if (o.store != null) {
                    o.store.changed(o);
                }
            }
        }
    }

    /** nats-server's processAckMsg. */
    static void ack(Consumer o, long sseq, long dseq, long dc, boolean sample) {
        ConsumerConfig c = o.config;
        AckTracker a = o.acks;
        long gap = 0;
        boolean signal = false;
        switch (c.ackPolicy()) {
            case ConsumerConfig.ACK_EXPLICIT -> {
                AckTracker.Pending p = a.pending.get(sseq);
                if (p != null) {
                    if (sample && shouldSample(c.sampleFreq())) {
                        ConsumerAdvisories.ackMetric(o, sseq, dseq, dc, Stream.nowNanos() - p.ts);
                    }
                    if (c.maxAckPending() > 0 && a.pending.size() >= c.maxAckPending()) {
                        signal = true;
                    }
                    a.pending.remove(sseq);
                    dseq = p.dseq;
                }
                if (a.pending.isEmpty()) {
                    o.adflr = o.dseq - 1;
                    o.asflr = o.sseq - 1;
                } else if (dseq == o.adflr + 1) {
                    o.adflr = dseq;
                    o.asflr = sseq;
                    var next = a.pending.higherEntry(sseq);
                    if (next != null && next.getKey() < o.sseq && next.getValue().dseq > 0) {
                        o.adflr = next.getValue().dseq - 1;
                        o.asflr = next.getKey() - 1;
                    }
                }
                a.redelivered.remove(sseq);
                a.unqueue(sseq);
            }
            case ConsumerConfig.ACK_ALL -> {
                if (dseq <= o.adflr || sseq <= o.asflr) {
                    return;
                }
                if (c.maxAckPending() > 0 && a.pending.size() >= c.maxAckPending()) {
                    signal = true;
                }
                gap = sseq - o.asflr;
                o.adflr = dseq;
                o.asflr = sseq;
                for (long s : a.pending.headMap(sseq, true).keySet().toArray(new Long[0])) {
                    a.forget(s);
                }
                for (Long s : a.redelivered.keySet().toArray(new Long[0])) {
                    if (s <= sseq) {
                        a.forget(s);
                    }
                }
            }
            default -> {
                return;
            }
        }
        o.lastAcked = Stream.nowNanos();
        if (o.store != null) {
            o.store.changed(o);
        }
        if (!StreamConfig.LIMITS.equals(o.stream.config().retention())) {
            if (gap > 1) {
                for (long s = sseq; s > sseq - gap; s--) {
                    o.owner().acked(o, s);
                }
            } else {
                o.owner().acked(o, sseq);
            }
        }
        if (signal) {
            o.deliver();
        }
    }

    private static void nak(Consumer o, long sseq, long dseq, long dc, String arg) {
        if (dseq <= o.adflr || dseq > o.dseq) {
            return;
        }
        if (!o.acks.pending.isEmpty() && !o.acks.pending.containsKey(sseq)) {
            return;
        }
        ConsumerAdvisories.nak(o, sseq, dseq, dc);
        if (!arg.isEmpty()) {
            long delay = -1;
            try {
                if (arg.startsWith("{")) {
                    JsonNode n = Json.MAPPER.readTree(arg);
                    JsonNode d = n.get("delay");
                    delay = d == null || d.isNull() ? 0 : d.isIntegralNumber() ? d.asLong() : -1;
                } else {
                    delay = GoDuration.parse(arg);
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                delay = -1;
            }
            if (delay >= 0) {
                o.acks.unqueue(sseq);
                AckTracker.Pending p = o.acks.pending.get(sseq);
                if (p != null) {
                    p.ts = Stream.nowNanos() - o.config.ackWait() + delay;
                    if (o.store != null) {
                        o.store.changed(o);
                    }
                    o.scheduleAckCheck(Math.max(delay, 0));
                }
                return;
            }
        }
        o.acks.queue(sseq);
        o.deliver();
    }

    /** nats-server's shouldSample: {@code sample_freq} as a percentage of acks reported. */
    private static boolean shouldSample(String freq) {
        if (freq.isEmpty()) {
            return false;
        }
        int f = Integer.parseInt(freq.endsWith("%") ? freq.substring(0, freq.length() - 1) : freq);
        if (f <= 0) {
            return false;
        }
        return f >= 100 || java.util.concurrent.ThreadLocalRandom.current().nextInt(100) <= f;
    }

    /** nats-server's needAck: whether this consumer still holds a message of an interest stream. */
    static boolean needAck(Consumer o, long sseq, String subject) {
        if (!o.matches(subject)) {
            return false;
        }
        return switch (o.config.ackPolicy()) {
            case ConsumerConfig.ACK_EXPLICIT -> sseq > o.asflr && (sseq >= o.sseq || o.acks.pending.containsKey(sseq));
            default -> sseq > o.asflr;
        };
    }
}
