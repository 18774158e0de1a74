package io.natsj.bench.run;

import java.time.Duration;

/**
 * One scenario with all its parameters.
 *
 * @param kind        what is measured
 * @param publishers  publishing connections
 * @param subscribers subscribing connections (queue members for {@link ScenarioKind#QUEUE})
 * @param size        payload bytes per message
 * @param messages    messages in total over all publishers (requests for request/reply)
 * @param duration    when not null, publish for this long instead of a fixed count
 * @param connections idle connections for {@link ScenarioKind#CONNS}
 * @param storage     JetStream stream storage, {@code file} or {@code memory}; null for core NATS
 * @param window      JetStream async publish: most acknowledgements outstanding at once; pull: the
 *                    batch size of each fetch; 0 otherwise
 */
public record ScenarioSpec(ScenarioKind kind, int publishers, int subscribers, int size,
                           long messages, Duration duration, int connections, String storage, int window) {

    public ScenarioSpec {
        if (publishers < 0 || subscribers < 0 || size < 0 || messages < 1 || connections < 0 || window < 0) {
            throw new IllegalArgumentException("invalid scenario parameters for " + kind.id());
        }
        if (kind.isJetStream() && !"file".equals(storage) && !"memory".equals(storage)) {
            throw new IllegalArgumentException(kind.id() + " needs storage file or memory, not " + storage);
        }
        if ((kind == ScenarioKind.JS_PUB_ASYNC || kind == ScenarioKind.JS_PULL) && window < 1) {
            throw new IllegalArgumentException(kind.id() + " needs a window (batch) of at least 1");
        }
    }

    /** A core NATS scenario (no JetStream settings). */
    public ScenarioSpec(ScenarioKind kind, int publishers, int subscribers, int size,
                        long messages, Duration duration, int connections) {
        this(kind, publishers, subscribers, size, messages, duration, connections, null, 0);
    }

    /** A human label such as {@code fanout 1→4 16 B}. */
    public String label() {
        return switch (kind) {
            case PUB -> "pub " + publishers + "× " + sizeLabel();
            case CONNS -> "conns " + connections + " idle";
            case REQREPLY -> "reqreply " + sizeLabel();
            case QUEUE -> "queue 1→" + subscribers + "q " + sizeLabel();
            case JS_PUB -> "js-pub sync " + storage + " " + sizeLabel();
            case JS_PUB_ASYNC -> "js-pub-async " + storage + " " + sizeLabel() + " window " + window;
            case JS_PULL -> "js-pull " + storage + " " + sizeLabel() + " batch " + window;
            case JS_PUSH -> "js-push " + storage + " " + sizeLabel();
            case KV_PUT, KV_GET, KV_GET_LATENCY -> kind.id() + " " + storage + " " + sizeLabel();
            default -> kind.id() + " " + publishers + "→" + subscribers + " " + sizeLabel();
        };
    }

    private String sizeLabel() {
        return size >= 1024 && size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
    }

    /** A smaller copy used for discarded warm-up runs. */
    public ScenarioSpec warmup() {
        Duration shorter = duration == null ? null : duration.dividedBy(5);
        return new ScenarioSpec(kind, publishers, subscribers, size, Math.max(1, messages / 10), shorter,
                Math.max(1, connections / 10), storage, window);
    }
}
