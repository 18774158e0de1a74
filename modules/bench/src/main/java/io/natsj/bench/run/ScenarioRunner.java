package io.natsj.bench.run;

import io.natsj.bench.engine.BenchConnection;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.MessageCounter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Performs one run of one scenario against one server and reports only what it measured.
 * Throughput is taken at the subscribers (publish start to last arrival), publish-only at the
 * publisher (publish start to the PONG that follows the last message).
 */
public final class ScenarioRunner {

    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final ClientEngine engine;
    private final Duration idleTimeout;
    private final ProgressLine progress;

    /**
     * @param idleTimeout how long a run may go without a new delivery before it is declared lossy
     */
    public ScenarioRunner(ClientEngine engine, Duration idleTimeout, ProgressLine progress) {
        this.engine = engine;
        this.idleTimeout = idleTimeout;
        this.progress = progress;
    }

    public ClientEngine engine() {
        return engine;
    }

    /** Runs {@code spec} against {@code target}. */
    public RunResult run(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        return switch (spec.kind()) {
            case REQREPLY -> new RequestReplyRun(engine, progress).run(spec, target);
            case CONNS -> new IdleConnectionsRun(engine, progress).run(spec, target);
            case JS_PUB, JS_PUB_ASYNC -> new JetStreamPublishRun(engine, progress).run(spec, target);
            case JS_PULL -> new JetStreamPullRun(engine, progress).run(spec, target);
            case JS_PUSH -> new JetStreamPushRun(engine, progress, idleTimeout).run(spec, target);
            case KV_PUT, KV_GET, KV_GET_LATENCY -> new KeyValueRun(engine, progress).run(spec, target);
            default -> throughput(spec, target);
        };
    }

    private RunResult throughput(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        String subject = "bench." + UUID.randomUUID().toString().substring(0, 8);
        boolean queue = spec.kind() == ScenarioKind.QUEUE;
        int subscriberCount = spec.kind() == ScenarioKind.PUB ? 0 : spec.subscribers();
        List<BenchConnection> open = new ArrayList<>();
        try {
            List<MessageCounter> counters = new ArrayList<>();
            List<BenchConnection> subscribers = new ArrayList<>();
            List<MessageCounter> probes = new ArrayList<>();
            for (int i = 0; i < subscriberCount; i++) {
                BenchConnection sub = engine.connect(target.subUrl(), "bench-sub-" + i);
                open.add(sub);
                subscribers.add(sub);
                var counter = new MessageCounter();
                counters.add(counter);
                sub.subscribe(subject, queue ? "bench-q" : null, counter);
                if (target.crossesServers()) {
                    probes.add(InterestProbe.arm(sub, subject));
                }
            }
            for (BenchConnection sub : subscribers) {
                // The PONG proves the server has registered the subscription.
                sub.flush(FLUSH_TIMEOUT);
            }
            List<BenchConnection> publishers = new ArrayList<>();
            for (int i = 0; i < spec.publishers(); i++) {
                BenchConnection pub = engine.connect(target.url(), "bench-pub-" + i);
                open.add(pub);
                publishers.add(pub);
                for (MessageCounter probe : probes) {
                    InterestProbe.await(pub, subject, probe);
                }
            }
            byte[] payload = new byte[spec.size()];
            ThreadLocalRandom.current().nextBytes(payload);

            var published = new AtomicLong();
            long fanout = queue ? 1 : Math.max(1, subscriberCount);
            long progressTotal = spec.duration() == null ? spec.messages() * (subscriberCount == 0 ? 1 : fanout) : Long.MAX_VALUE;
            var publishRun = new ConcurrentPublish(publishers, subject, payload, spec, published);
            long start;
            long publishEnd;
            try (var ignored = progress.track(target.label() + " " + spec.label(),
                    () -> subscriberCount == 0 ? published.get() : sum(counters), progressTotal)) {
                start = System.nanoTime();
                publishRun.runAndFlush(FLUSH_TIMEOUT);
                publishEnd = System.nanoTime();
                if (subscriberCount > 0) {
                    awaitDeliveries(counters, publishRun.sent() * fanout);
                }
            }
            long sent = publishRun.sent();
            String problem = firstError(open);
            if (subscriberCount == 0) {
                double seconds = (publishEnd - start) / 1e9;
                return new RunResult(target.label(), sent, sent, sent, seconds, sent / seconds,
                        sent * (double) spec.size() / seconds / (1 << 20), null, null, problem);
            }
            long expected = sent * fanout;
            long received = sum(counters);
            long bytes = counters.stream().mapToLong(MessageCounter::bytes).sum();
            long end = counters.stream().mapToLong(MessageCounter::lastArrivalNanos).max().orElse(start);
            double seconds = Math.max(1e-9, (end - start) / 1e9);
            if (received < expected) {
                problem = (problem == null ? "" : problem + "; ") + "lost " + (expected - received)
                        + " of " + expected + " deliveries (no progress for " + idleTimeout.toSeconds() + " s)";
            } else if (received > expected) {
                problem = (problem == null ? "" : problem + "; ") + "received " + (received - expected)
                        + " more deliveries than expected";
            }
            return new RunResult(target.label(), sent, expected, received, seconds, received / seconds,
                    bytes / seconds / (1 << 20), null, null, problem);
        } finally {
            open.forEach(BenchConnection::close);
        }
    }

    /** Waits until every expected delivery arrived, or nothing arrived for the idle timeout. */
    private void awaitDeliveries(List<MessageCounter> counters, long expected) {
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = sum(counters);
            if (now >= expected) {
                return;
            }
            if (now != lastCount) {
                lastCount = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > idleTimeout.toNanos()) {
                return;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static long sum(List<MessageCounter> counters) {
        long total = 0;
        for (MessageCounter counter : counters) {
            total += counter.messages();
        }
        return total;
    }

    static String firstError(List<BenchConnection> connections) {
        for (BenchConnection connection : connections) {
            if (connection.lastError() != null) {
                return "server/client error: " + connection.lastError();
            }
        }
        return null;
    }

    /** Stop condition for duration-bound runs. */
    static BooleanSupplier until(Duration duration) {
        if (duration == null) {
            return () -> true;
        }
        long deadline = System.nanoTime() + duration.toNanos();
        return () -> System.nanoTime() < deadline;
    }
}
