package io.natsj.bench.run;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.JnatsEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pull consumer draining a stream: the stream (of the scenario's storage) is filled with
 * {@code messages} messages first, untimed; then one durable pull consumer with
 * {@code ack_policy: all} fetches batches of {@code window} messages and acknowledges the last
 * of each batch, the last one synchronously. Measured from the first fetch to that last
 * acknowledgement: messages consumed per second.
 */
final class JetStreamPullRun {

    private static final int FILL_WINDOW = 4096;
    private static final Duration FETCH_WAIT = Duration.ofSeconds(10);
    private static final long FILL_TIMEOUT_SECONDS = 120;

    private final JnatsEngine engine;
    private final ProgressLine progress;

    JetStreamPullRun(ClientEngine engine, ProgressLine progress) {
        this.engine = BenchStream.jnats(engine);
        this.progress = progress;
    }

    RunResult run(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        return BenchStream.run(engine, spec, target, "bench-js-pull", (js, subject) -> {
            fill(js, spec, target, subject);
            return consume(js, spec, target, subject);
        });
    }

    /** Fills the stream with the scenario's messages, untimed, waiting for every PubAck. */
    static void fill(JetStream js, ScenarioSpec spec, Target target, String subject)
            throws InterruptedException, TimeoutException {
        byte[] payload = new byte[spec.size()];
        var window = new Semaphore(FILL_WINDOW);
        var failure = new AtomicReference<Throwable>();
        for (long i = 0; i < spec.messages(); i++) {
            window.acquire();
            js.publishAsync(subject, payload).whenComplete((ack, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                window.release();
            });
        }
        if (!window.tryAcquire(FILL_WINDOW, FILL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || failure.get() != null) {
            throw new TimeoutException(target.label() + ": filling the stream failed: " + failure.get());
        }
    }

    private RunResult consume(JetStream js, ScenarioSpec spec, Target target, String subject)
            throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
        var options = PullSubscribeOptions.builder().configuration(ConsumerConfiguration.builder()
                .durable("bench").ackPolicy(AckPolicy.All).maxAckPending(-1).build()).build();
        JetStreamSubscription sub = js.subscribe(subject, options);
        var consumed = new AtomicLong();
        long start;
        try (var ignored = progress.track(target.label() + " " + spec.label(), consumed::get, spec.messages())) {
            start = System.nanoTime();
            while (consumed.get() < spec.messages()) {
                int batch = (int) Math.min(spec.window(), spec.messages() - consumed.get());
                List<Message> got = sub.fetch(batch, FETCH_WAIT);
                if (got.isEmpty()) {
                    throw new TimeoutException(target.label() + ": no messages after " + consumed.get());
                }
                consumed.addAndGet(got.size());
                Message last = got.getLast();
                if (consumed.get() >= spec.messages()) {
                    last.ackSync(FETCH_WAIT);
                } else {
                    last.ack();
                }
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long n = consumed.get();
        return new RunResult(target.label(), n, n, n, seconds, n / seconds,
                n * (double) spec.size() / seconds / (1 << 20), null, null, null);
    }
}
