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
 */
public record ScenarioSpec(ScenarioKind kind, int publishers, int subscribers, int size,
                           long messages, Duration duration, int connections) {

    public ScenarioSpec {
        if (publishers < 0 || subscribers < 0 || size < 0 || messages < 1 || connections < 0) {
            throw new IllegalArgumentException("invalid scenario parameters for " + kind.id());
        }
    }

    /** A human label such as {@code fanout 1→4 16 B}. */
    public String label() {
        return switch (kind) {
            case PUB -> "pub " + publishers + "× " + sizeLabel();
            case CONNS -> "conns " + connections + " idle";
            case REQREPLY -> "reqreply " + sizeLabel();
            case QUEUE -> "queue 1→" + subscribers + "q " + sizeLabel();
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
                Math.max(1, connections / 10));
    }
}
