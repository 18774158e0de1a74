package io.natsj.bench.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The scenarios the bench knows, with their default shape and whether they can run yet. */
public enum ScenarioKind {
    /** Publishers only; throughput measured at the publisher. */
    PUB("pub", 1, 0, true),
    /** One publisher, one subscriber. */
    PUBSUB("pubsub", 1, 1, true),
    /** One publisher, N subscribers each receiving every message. */
    FANOUT("fanout", 1, 4, true),
    /** N publishers, one subscriber. */
    FANIN("fanin", 4, 1, true),
    /** One publisher, a queue group of N members sharing the messages. */
    QUEUE("queue", 1, 4, true),
    /** Sequential request/reply round trips, latency percentiles. */
    REQREPLY("reqreply", 1, 1, true),
    /** N idle connections: connect rate and server memory per connection. */
    CONNS("conns", 0, 0, true),
    /** JetStream synchronous publish, one at a time: PubAck round-trip percentiles. */
    JS_PUB("js-pub", 1, 0, true),
    /** JetStream asynchronous publish with a bounded window of outstanding PubAcks: acks per second. */
    JS_PUB_ASYNC("js-pub-async", 1, 0, true),
    /** JetStream pull consumer draining a filled stream in batches, ack all: messages consumed per second. */
    JS_PULL("js-pull", 0, 1, true),
    /** JetStream push consumer (ack none, flow control) draining a filled stream: messages consumed per second. */
    JS_PUSH("js-push", 0, 1, true),
    /** Key/value put and get. */
    KV("kv", 1, 0, false);

    private final String id;
    private final int defaultPublishers;
    private final int defaultSubscribers;
    private final boolean built;

    ScenarioKind(String id, int defaultPublishers, int defaultSubscribers, boolean built) {
        this.id = id;
        this.defaultPublishers = defaultPublishers;
        this.defaultSubscribers = defaultSubscribers;
        this.built = built;
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

    /** False for scenarios that need server features natsj does not have yet (JetStream). */
    public boolean built() {
        return built;
    }

    /** True for the scenarios whose headline is a message rate. */
    public boolean isThroughput() {
        return this == PUB || this == PUBSUB || this == FANOUT || this == FANIN || this == QUEUE
                || this == JS_PUB_ASYNC || this == JS_PULL || this == JS_PUSH;
    }

    /** True for the scenarios that need JetStream on the server (and the jnats engine). */
    public boolean isJetStream() {
        return this == JS_PUB || this == JS_PUB_ASYNC || this == JS_PULL || this == JS_PUSH || this == KV;
    }

    /** True for the scenarios whose headline is a latency (lower is better). */
    public boolean isLatency() {
        return this == REQREPLY || this == JS_PUB;
    }

    /**
     * Looks a scenario up by its command-line name.
     *
     * @throws IllegalArgumentException for unknown names and for scenarios not built yet
     */
    public static ScenarioKind parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (ScenarioKind kind : values()) {
            if (kind.id.equals(wanted)) {
                if (!kind.built) {
                    throw new IllegalArgumentException("scenario '" + kind.id + "' is not built yet: "
                            + "kv needs the key/value bench, which does not exist yet");
                }
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                + Arrays.stream(values()).map(ScenarioKind::id).collect(Collectors.joining(", ")) + ")");
    }
}
