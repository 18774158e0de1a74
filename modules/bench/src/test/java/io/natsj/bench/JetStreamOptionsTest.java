package io.natsj.bench;

import io.natsj.bench.run.ScenarioKind;
import io.natsj.bench.run.ScenarioSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JetStream scenarios' command line: the set, storage and window, and the jnats engine they
 * need. Running them needs a server with JetStream (see bin/bench-compare --jetstream).
 */
class JetStreamOptionsTest {

    @Test
    void jetstreamSetIsFileAndMemoryAsyncAndSyncLatencyAndPull() {
        BenchOptions o = BenchOptions.parse("--jetstream", "--msgs", "1000", "--requests", "100", "--js-window", "500",
                "--js-batch", "50");
        assertEquals(List.of("jnats"), o.engines);
        List<ScenarioSpec> specs = o.specs();
        assertEquals(List.of("js-pub-async file 128 B window 500", "js-pub-async memory 128 B window 500",
                "js-pub sync file 128 B", "js-pull file 128 B batch 50", "js-pull memory 128 B batch 50",
                "js-push file 128 B", "js-push memory 128 B", "kv-put file 128 B", "kv-get file 128 B",
                "kv-get-latency file 128 B"),
                specs.stream().map(ScenarioSpec::label).toList());
        assertEquals(1000, specs.get(3).messages());
        assertEquals(1000, specs.get(5).messages());
        assertEquals(1000, specs.get(0).messages());
        assertEquals(100, specs.get(2).messages());
        assertEquals(500, specs.get(0).warmup().window());
        assertEquals("memory", specs.get(1).warmup().storage());
        assertEquals(100, specs.get(7).messages());
        assertEquals(100, specs.get(9).messages());
    }

    @Test
    void scenarioPicksRowsOfTheSet() {
        BenchOptions o = BenchOptions.parse("--jetstream", "--scenario", "js-pull,kv-get-latency");
        assertEquals(List.of("js-pull file 128 B batch 500", "js-pull memory 128 B batch 500",
                "kv-get-latency file 128 B"), o.specs().stream().map(ScenarioSpec::label).toList());
        ScenarioSpec kv = BenchOptions.parse("--scenario", "kv-put", "--js-storage", "memory", "--requests", "7")
                .specs().getFirst();
        assertEquals("kv-put memory 16 B", kv.label());
        assertEquals(7, kv.messages());
        assertTrue(ScenarioKind.KV_GET_LATENCY.isLatency());
        assertTrue(ScenarioKind.KV_GET.isThroughput() && ScenarioKind.KV_PUT.isThroughput());
    }

    @Test
    void singleScenariosTakeStorageAndWindow() {
        BenchOptions o = BenchOptions.parse("--scenario", "js-pub-async", "--js-storage", "memory", "--size", "64");
        ScenarioSpec spec = o.specs().getFirst();
        assertEquals(ScenarioKind.JS_PUB_ASYNC, spec.kind());
        assertEquals("memory", spec.storage());
        assertEquals(4096, spec.window());
        assertEquals(64, spec.size());
    }

    @Test
    void jetStreamNeedsTheJnatsEngine() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--scenario", "js-pub,pub", "--engine", "raw"));
        assertTrue(e.getMessage().contains("jnats"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--jetstream", "--standard"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--jetstream", "--js-storage", "disk"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--scenario", "kv"));
    }
}
