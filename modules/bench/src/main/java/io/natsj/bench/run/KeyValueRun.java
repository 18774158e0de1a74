package io.natsj.bench.run;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.JnatsEngine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Key/Value through jnats's {@code KeyValue} API on a fresh bucket of the scenario's storage
 * (jnats's defaults otherwise: history 1, no TTL), deleted afterwards. {@code kv-put} puts
 * {@code messages} values of the scenario's size one at a time, cycling over {@value #KEYS} keys;
 * {@code kv-get} and {@code kv-get-latency} first put one value under each of those keys,
 * untimed, then get them one at a time in turn. Every call waits for its reply before the next,
 * so the rate is one client's round trips per second; the latency run records each get's
 * round trip.
 */
final class KeyValueRun {

    /** Distinct keys a run cycles over. */
    static final int KEYS = 1000;

    private final JnatsEngine engine;
    private final ProgressLine progress;

    KeyValueRun(ClientEngine engine, ProgressLine progress) {
        this.engine = BenchStream.jnats(engine);
        this.progress = progress;
    }

    RunResult run(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        String bucket = "BENCH_KV_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = engine.open(target.url(), "bench-kv")) {
            KeyValueManagement kvm = connection.keyValueManagement();
            kvm.create(KeyValueConfiguration.builder().name(bucket)
                    .storageType("memory".equals(spec.storage()) ? StorageType.Memory : StorageType.File).build());
            try {
                return measure(connection.keyValue(bucket), spec, target);
            } finally {
                kvm.delete(bucket);
            }
        } catch (JetStreamApiException e) {
            throw new IOException(target.label() + ": JetStream API error " + e.getApiErrorCode() + ": "
                    + e.getErrorDescription() + " (is JetStream enabled on the server?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }

    private RunResult measure(KeyValue kv, ScenarioSpec spec, Target target)
            throws IOException, JetStreamApiException, TimeoutException {
        byte[] value = new byte[spec.size()];
        boolean put = spec.kind() == ScenarioKind.KV_PUT;
        if (!put) {
            for (int k = 0; k < KEYS; k++) {
                kv.put(key(k), value);
            }
        }
        // 1 µs to 1 min at 3 significant digits, recorded in nanoseconds, as request/reply does.
        var histogram = new Histogram(1_000, 60_000_000_000L, 3);
        var done = new AtomicLong();
        BooleanSupplier keepGoing = ScenarioRunner.until(spec.duration());
        long limit = spec.duration() == null ? spec.messages() : Long.MAX_VALUE;
        long start = System.nanoTime();
        try (var ignored = progress.track(target.label() + " " + spec.label(), done::get, limit)) {
            while (done.get() < limit && keepGoing.getAsBoolean()) {
                String key = key((int) (done.get() % KEYS));
                long before = System.nanoTime();
                if (put) {
                    kv.put(key, value);
                } else {
                    KeyValueEntry entry = kv.get(key);
                    if (entry == null || entry.getDataLen() != spec.size()) {
                        throw new TimeoutException(target.label() + ": get " + key + " returned " + entry);
                    }
                }
                long nanos = System.nanoTime() - before;
                histogram.recordValue(Math.max(1_000, Math.min(nanos, histogram.getHighestTrackableValue())));
                done.incrementAndGet();
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long count = done.get();
        RunResult.Latency latency = spec.kind() != ScenarioKind.KV_GET_LATENCY ? null
                : new RunResult.Latency(count, micros(histogram.getValueAtPercentile(50)),
                        micros(histogram.getValueAtPercentile(90)), micros(histogram.getValueAtPercentile(99)),
                        micros(histogram.getValueAtPercentile(99.9)), micros(histogram.getMaxValue()),
                        histogram.getMean() / 1_000.0);
        return new RunResult(target.label(), count, count, count, seconds, count / seconds,
                count * (double) spec.size() / seconds / (1 << 20), latency, null, null);
    }

    private static String key(int k) {
        return "k" + k;
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
