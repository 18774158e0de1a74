package io.natsj.bench;

import io.natsj.bench.run.ScenarioKind;
import io.natsj.bench.run.ScenarioSpec;

import java.util.List;

/**
 * The standard scenario set published under docs/benchmarks/: small messages through every
 * routing shape, request/reply latency, a 1 KiB stream and idle connections.
 */
final class StandardSet {

    private StandardSet() {
    }

    /**
     * @param messages    messages per 16-byte run; the 1 KiB run uses a fifth of it
     * @param requests    round trips per request/reply run
     * @param connections idle connections
     */
    static List<ScenarioSpec> specs(long messages, long requests, int connections) {
        return List.of(
                new ScenarioSpec(ScenarioKind.PUB, 1, 0, 16, messages, null, 0),
                new ScenarioSpec(ScenarioKind.PUBSUB, 1, 1, 16, messages, null, 0),
                new ScenarioSpec(ScenarioKind.FANOUT, 1, 4, 16, messages / 4, null, 0),
                new ScenarioSpec(ScenarioKind.FANIN, 4, 1, 16, messages, null, 0),
                new ScenarioSpec(ScenarioKind.QUEUE, 1, 4, 16, messages, null, 0),
                new ScenarioSpec(ScenarioKind.REQREPLY, 1, 1, 16, requests, null, 0),
                new ScenarioSpec(ScenarioKind.PUBSUB, 1, 1, 1024, Math.max(1, messages / 5), null, 0),
                new ScenarioSpec(ScenarioKind.CONNS, 0, 0, 0, 1, null, connections));
    }
}
