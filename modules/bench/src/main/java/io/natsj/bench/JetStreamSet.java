package io.natsj.bench;

import io.natsj.bench.run.ScenarioKind;
import io.natsj.bench.run.ScenarioSpec;

import java.util.List;

/**
 * The JetStream scenario set ({@code --jetstream}): asynchronous publish of 128-byte messages
 * into a file stream and into a memory stream with a bounded window of outstanding PubAcks, and
 * synchronous publish latency into a file stream, and a pull consumer draining a file and a memory
 * stream in batches, ack all, and a push consumer (ack none, flow control) draining a file and a
 * memory stream, and Key/Value put, get and get latency on a file bucket. The servers must run
 * with JetStream enabled.
 */
final class JetStreamSet {

    /** Payload bytes of every JetStream scenario in the set. */
    static final int SIZE = 128;

    private JetStreamSet() {
    }

    /**
     * @param messages messages per async run
     * @param requests publishes per sync latency run, and calls per Key/Value run
     * @param window   most PubAcks outstanding in async runs
     * @param batch    messages per fetch in pull runs
     */
    static List<ScenarioSpec> specs(long messages, long requests, int window, int batch) {
        return List.of(
                new ScenarioSpec(ScenarioKind.JS_PUB_ASYNC, 1, 0, SIZE, messages, null, 0, "file", window),
                new ScenarioSpec(ScenarioKind.JS_PUB_ASYNC, 1, 0, SIZE, messages, null, 0, "memory", window),
                new ScenarioSpec(ScenarioKind.JS_PUB, 1, 0, SIZE, requests, null, 0, "file", 0),
                new ScenarioSpec(ScenarioKind.JS_PULL, 0, 1, SIZE, messages, null, 0, "file", batch),
                new ScenarioSpec(ScenarioKind.JS_PULL, 0, 1, SIZE, messages, null, 0, "memory", batch),
                new ScenarioSpec(ScenarioKind.JS_PUSH, 0, 1, SIZE, messages, null, 0, "file", 0),
                new ScenarioSpec(ScenarioKind.JS_PUSH, 0, 1, SIZE, messages, null, 0, "memory", 0),
                new ScenarioSpec(ScenarioKind.KV_PUT, 1, 0, SIZE, requests, null, 0, "file", 0),
                new ScenarioSpec(ScenarioKind.KV_GET, 0, 1, SIZE, requests, null, 0, "file", 0),
                new ScenarioSpec(ScenarioKind.KV_GET_LATENCY, 0, 1, SIZE, requests, null, 0, "file", 0));
    }
}
