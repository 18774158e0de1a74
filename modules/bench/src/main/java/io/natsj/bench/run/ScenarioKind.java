package io.natsj.bench.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The scenarios the bench knows, with their default shape. */
public enum ScenarioKind {
    /** Publishers only; throughput measured at the publisher. */
    PUB("pub", 1, 0),
    /** One publisher, one subscriber. */
    PUBSUB("pubsub", 1, 1),
    /** One publisher, N subscribers each receiving every message. */
    FANOUT("fanout", 1, 4),
    /** N publishers, one subscriber. */
    FANIN("fanin", 4, 1),
    /** One publisher, a queue group of N members sharing the messages. */
    QUEUE("queue", 1, 4),
    /** Sequential request/reply round trips, latency percentiles. */
    REQREPLY("reqreply", 1, 1),
    /** N idle connections: connect rate and server memory per connection. */
    CONNS("conns", 0, 0),
    /** JetStream synchronous publish, one at a time: PubAck round-trip percentiles. */
    JS_PUB("js-pub", 1, 0),
    /** JetStream asynchronous publish with a bounded window of outstanding PubAcks: acks per second. */
    JS_PUB_ASYNC("js-pub-async", 1, 0),
    /** JetStream pull consumer draining a filled stream in batches, ack all: messages consumed per second. */
    JS_PULL("js-pull", 0, 1),
    /** JetStream push consumer (ack none, flow control) draining a filled stream: messages consumed per second. */
    JS_PUSH("js-push", 0, 1),
    /** Key/Value {@code put} one at a time into a bucket: puts per second. */
    KV_PUT("kv-put", 1, 0),
    /** Key/Value {@code get} one at a time of keys put before: gets per second. */
    KV_GET("kv-get", 0, 1),
    /** Key/Value {@code get} one at a time: round-trip percentiles. */
    KV_GET_LATENCY("kv-get-latency", 0, 1);

    private final String id;
    private final int defaultPublishers;
    private final int defaultSubscribers;

    ScenarioKind(String id, int defaultPublishers, int defaultSubscribers) {
        this.id = id;
        this.defaultPublishers = defaultPublishers;
        this.defaultSubscribers = defaultSubscribers;
    }

    /** The name used on the command line and in JSON. */
    public String id() {
        return id;
    }

    public int defaultPublishers() {
        return defaultPublishers;
    }

    public int defaultSubscribers() {
        return defaultSubscribers;
    }

    /** True for the scenarios whose headline is a message rate. */
    public boolean isThroughput() {
        return this == PUB || this == PUBSUB || this == FANOUT || this == FANIN || this == QUEUE
                || this == JS_PUB_ASYNC || this == JS_PULL || this == JS_PUSH || this == KV_PUT || this == KV_GET;
    }

    /** True for the scenarios that need JetStream on the server (and the jnats engine). */
    public boolean isJetStream() {
        return this == JS_PUB || this == JS_PUB_ASYNC || this == JS_PULL || this == JS_PUSH || isKeyValue();
    }

    /** True for the Key/Value scenarios (a bucket instead of a bare stream). */
    public boolean isKeyValue() {
        return this == KV_PUT || this == KV_GET || this == KV_GET_LATENCY;
    }

    /** True for the scenarios whose headline is a latency (lower is better). */
    public boolean isLatency() {
        return this == REQREPLY || this == JS_PUB || this == KV_GET_LATENCY;
    }

    /**
     * Looks a scenario up by its command-line name.
     *
     * @throws IllegalArgumentException for unknown names
     */
    public static ScenarioKind parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (ScenarioKind kind : values()) {
            if (kind.id.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                + Arrays.stream(values()).map(ScenarioKind::id).collect(Collectors.joining(", ")) + ")");
    }
}
