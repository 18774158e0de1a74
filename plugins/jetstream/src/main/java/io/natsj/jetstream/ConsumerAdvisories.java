package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The consumer advisories nats-server 2.9.10 publishes in the account: created and deleted
 * ({@code $JS.EVENT.ADVISORY.CONSUMER.CREATED|DELETED.<stream>.<consumer>}), naks,
 * terminations and exhausted deliveries.
 */
final class ConsumerAdvisories {

    private static final String PRE = "$JS.EVENT.ADVISORY.CONSUMER.";

    private ConsumerAdvisories() {
    }

    private static void domain(ObjectNode n, AccountJetStream account) {
        if (!account.domain().isEmpty()) {
            n.put("domain", account.domain());
        }
    }

    /** @param action {@code create} or {@code delete} */
    static void action(AccountJetStream account, String stream, String consumer, String action) {
        ObjectNode n = Advisories.header("io.nats.jetstream.advisory.v1.consumer_action");
        n.put("stream", stream);
        n.put("consumer", consumer);
        n.put("action", action);
        domain(n, account);
        account.publish(PRE + (action.equals("create") ? "CREATED." : "DELETED.") + stream + "." + consumer,
                Json.bytes(n));
    }

    private static ObjectNode delivery(String type, Consumer o) {
        ObjectNode n = Advisories.header(type);
        n.put("stream", o.stream.name());
        n.put("consumer", o.name);
        return n;
    }

    static void nak(Consumer o, long sseq, long dseq, long dc) {
        ObjectNode n = delivery("io.nats.jetstream.advisory.v1.nak", o);
        n.put("consumer_seq", dseq);
        n.put("stream_seq", sseq);
        n.put("deliveries", dc);
        domain(n, o.stream.account());
        o.stream.account().publish(PRE + "MSG_NAKED." + o.stream.name() + "." + o.name, Json.bytes(n));
    }

    static void terminated(Consumer o, long sseq, long dseq, long dc) {
        ObjectNode n = delivery("io.nats.jetstream.advisory.v1.terminated", o);
        n.put("consumer_seq", dseq);
        n.put("stream_seq", sseq);
        n.put("deliveries", dc);
        domain(n, o.stream.account());
        o.stream.account().publish(PRE + "MSG_TERMINATED." + o.stream.name() + "." + o.name, Json.bytes(n));
    }

    static void maxDeliveries(Consumer o, long sseq, long deliveries) {
        ObjectNode n = delivery("io.nats.jetstream.advisory.v1.max_deliver", o);
        n.put("stream_seq", sseq);
        n.put("deliveries", deliveries);
        domain(n, o.stream.account());
        o.stream.account().publish(PRE + "MAX_DELIVERIES." + o.stream.name() + "." + o.name, Json.bytes(n));
    }

    /** The ack metric a {@code sample_freq} consumer publishes on {@code $JS.EVENT.METRIC.CONSUMER.ACK}. */
    static void ackMetric(Consumer o, long sseq, long dseq, long dc, long delayNanos) {
        ObjectNode n = delivery("io.nats.jetstream.metric.v1.consumer_ack", o);
        n.put("consumer_seq", dseq);
        n.put("stream_seq", sseq);
        n.put("ack_time", delayNanos);
        n.put("deliveries", dc);
        domain(n, o.stream.account());
        o.stream.account().publish("$JS.EVENT.METRIC.CONSUMER.ACK." + o.stream.name() + "." + o.name, Json.bytes(n));
    }
}
