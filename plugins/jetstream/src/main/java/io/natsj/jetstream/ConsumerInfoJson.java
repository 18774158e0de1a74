package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A consumer's info as nats-server 2.9.10's {@code ConsumerInfo} writes it (without the response type). */
final class ConsumerInfoJson {

    private ConsumerInfoJson() {
    }

    /** On the stream's executor. */
    static ObjectNode of(Consumer o) {
        ObjectNode n = Json.object();
        n.put("stream_name", o.stream.name());
        n.put("name", o.name);
        n.put("created", Json.time(o.createdNanos));
        n.set("config", o.config.toJson());
        ObjectNode d = n.putObject("delivered");
        d.put("consumer_seq", o.dseq - 1);
        d.put("stream_seq", o.sseq - 1);
        if (o.lastDelivered != 0) {
            d.put("last_active", Json.time(o.lastDelivered));
        }
        ObjectNode a = n.putObject("ack_floor");
        a.put("consumer_seq", o.adflr);
        a.put("stream_seq", o.asflr);
        if (o.lastAcked != 0) {
            a.put("last_active", Json.time(o.lastAcked));
        }
        n.put("num_ack_pending", o.acks.pending.size());
        n.put("num_redelivered", o.acks.redelivered.size());
        o.waiting.expire(false, System.nanoTime(), o.conn(), o.dseq - 1, o.sseq - 1);
        n.put("num_waiting", o.waiting.size());
        n.put("num_pending", o.numPending());
        if (o.push != null && o.push.active) {
            n.put("push_bound", true);
        }
        return n;
    }
}
