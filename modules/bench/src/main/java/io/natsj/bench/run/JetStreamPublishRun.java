package io.natsj.bench.run;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.JnatsEngine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * JetStream publishing into a fresh stream of the scenario's storage, deleted afterwards: either
 * one {@code js.publish} at a time (PubAck round-trip percentiles) or {@code publishAsync} with at
 * most {@code window} PubAcks outstanding (acknowledged messages per second, publish start to the
 * last PubAck). The server must run with JetStream enabled.
 */
final class JetStreamPublishRun {

    /** How long the last PubAcks of an async run, or one sync PubAck, may take. */
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final JnatsEngine engine;
    private final ProgressLine progress;

    JetStreamPublishRun(ClientEngine engine, ProgressLine progress) {
        this.engine = BenchStream.jnats(engine);
        this.progress = progress;
    }

    RunResult run(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        byte[] payload = new byte[spec.size()];
        return BenchStream.run(engine, spec, target, "bench-js-pub", (js, subject) -> spec.kind() == ScenarioKind.JS_PUB
                ? sync(js, spec, target, subject, payload)
                : async(js, spec, target, subject, payload));
    }

    private RunResult async(JetStream js, ScenarioSpec spec, Target target, String subject, byte[] payload)
            throws InterruptedException, TimeoutException {
        var window = new Semaphore(spec.window());
        var published = new AtomicLong();
        var acked = new AtomicLong();
        var firstError = new AtomicReference<String>();
        BooleanSupplier keepGoing = ScenarioRunner.until(spec.duration());
        long limit = spec.duration() == null ? spec.messages() : Long.MAX_VALUE;
        long start;
        try (var ignored = progress.track(target.label() + " " + spec.label(), acked::get, limit)) {
            start = System.nanoTime();
            while (published.get() < limit && keepGoing.getAsBoolean()) {
                window.acquire();
                published.incrementAndGet();
                js.publishAsync(subject, payload).whenComplete((ack, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        firstError.compareAndSet(null, error.toString());
                    }
                    window.release();
                });
            }
            if (!window.tryAcquire(spec.window(), ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new TimeoutException(target.label() + ": PubAcks still outstanding after "
                        + ACK_TIMEOUT_SECONDS + " s");
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long sent = published.get();
        long received = acked.get();
        String problem = firstError.get() == null ? null
                : (sent - received) + " publishes failed, first: " + firstError.get();
        return new RunResult(target.label(), sent, sent, received, seconds, received / seconds,
                received * (double) spec.size() / seconds / (1 << 20), null, null, problem);
    }

    private RunResult sync(JetStream js, ScenarioSpec spec, Target target, String subject, byte[] payload)
            throws TimeoutException {
        // 1 µs to 1 min at 3 significant digits, recorded in nanoseconds, as request/reply does.
        var histogram = new Histogram(1_000, 60_000_000_000L, 3);
        var done = new AtomicLong();
        BooleanSupplier keepGoing = ScenarioRunner.until(spec.duration());
        long limit = spec.duration() == null ? spec.messages() : Long.MAX_VALUE;
        long start = System.nanoTime();
        try (var ignored = progress.track(target.label() + " " + spec.label(), done::get, limit)) {
            while (done.get() < limit && keepGoing.getAsBoolean()) {
                long before = System.nanoTime();
                try {
                    js.publish(subject, payload);
                } catch (IOException | JetStreamApiException e) {
                    throw new TimeoutException(target.label() + ": publish " + (done.get() + 1) + " failed: " + e);
                }
                long nanos = System.nanoTime() - before;
                histogram.recordValue(Math.max(1_000, Math.min(nanos, histogram.getHighestTrackableValue())));
                done.incrementAndGet();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long count = done.get();
        var latency = new RunResult.Latency(count, micros(histogram.getValueAtPercentile(50)),
                micros(histogram.getValueAtPercentile(90)), micros(histogram.getValueAtPercentile(99)),
                micros(histogram.getValueAtPercentile(99.9)), micros(histogram.getMaxValue()),
                histogram.getMean() / 1_000.0);
        return new RunResult(target.label(), count, count, count, seconds, count / seconds,
                count * (double) spec.size() / seconds / (1 << 20), latency, null, null);
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
