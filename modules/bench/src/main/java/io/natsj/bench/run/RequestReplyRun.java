package io.natsj.bench.run;

import io.natsj.bench.engine.BenchConnection;
import io.natsj.bench.engine.ClientEngine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Sequential request/reply round trips through the server, one responder, one requester. */
final class RequestReplyRun {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ClientEngine engine;
    private final ProgressLine progress;

    RequestReplyRun(ClientEngine engine, ProgressLine progress) {
        this.engine = engine;
        this.progress = progress;
    }

    RunResult run(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        String subject = "bench.rr." + UUID.randomUUID().toString().substring(0, 8);
        byte[] payload = new byte[spec.size()];
        // 1 µs to 1 min at 3 significant digits, recorded in nanoseconds.
        var histogram = new Histogram(1_000, 60_000_000_000L, 3);
        try (BenchConnection responder = engine.connect(target.subUrl(), "bench-responder");
             BenchConnection requester = engine.connect(target.url(), "bench-requester")) {
            responder.respond(subject);
            if (target.crossesServers()) {
                var probe = InterestProbe.arm(responder, subject);
                responder.flush(REQUEST_TIMEOUT);
                InterestProbe.await(requester, subject, probe);
                // The requester's reply interest travels the other way; one answered request proves it.
                awaitFirstReply(requester, subject, payload);
            }
            responder.flush(REQUEST_TIMEOUT);
            var done = new AtomicLong();
            BooleanSupplier keepGoing = ScenarioRunner.until(spec.duration());
            long limit = spec.duration() == null ? spec.messages() : Long.MAX_VALUE;
            long start = System.nanoTime();
            try (var ignored = progress.track(target.label() + " " + spec.label(), done::get, limit)) {
                while (done.get() < limit && keepGoing.getAsBoolean()) {
                    long nanos = requester.request(subject, payload, REQUEST_TIMEOUT);
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
                    count * (double) spec.size() / seconds / (1 << 20), latency, null,
                    ScenarioRunner.firstError(List.of(responder, requester)));
        }
    }

    private static void awaitFirstReply(BenchConnection requester, String subject, byte[] payload)
            throws IOException, TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                requester.request(subject, payload, Duration.ofMillis(200));
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no reply across the servers within 30 s");
                }
            }
        }
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
