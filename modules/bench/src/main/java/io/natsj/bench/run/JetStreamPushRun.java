package io.natsj.bench.run;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.JnatsEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A push consumer draining a stream: the stream (of the scenario's storage) is filled with
 * {@code messages} messages first, untimed, as for {@link JetStreamPullRun}; then one push
 * consumer with {@code ack_policy: none}, flow control and idle heartbeats (what jnats users
 * set for a fast push consumer; flow control keeps the server from outrunning the client)
 * delivers them to a dispatcher. Measured from the subscribe to the last message received:
 * messages consumed per second.
 */
final class JetStreamPushRun {

    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final JnatsEngine engine;
    private final ProgressLine progress;
    private final Duration idleTimeout;

    JetStreamPushRun(ClientEngine engine, ProgressLine progress, Duration idleTimeout) {
        this.engine = BenchStream.jnats(engine);
        this.progress = progress;
        this.idleTimeout = idleTimeout;
    }

    RunResult run(ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        return BenchStream.run(engine, spec, target, "bench-js-push",
                (BenchStream.ConnectionBody) (connection, js, subject) -> {
                    JetStreamPullRun.fill(js, spec, target, subject);
                    return consume(connection, js, spec, target, subject);
                });
    }

    private RunResult consume(Connection connection, JetStream js, ScenarioSpec spec, Target target, String subject)
            throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
        var consumed = new AtomicLong();
        var done = new CountDownLatch(1);
        long total = spec.messages();
        Dispatcher dispatcher = connection.createDispatcher();
        dispatcher.setPendingLimits(-1, -1);
        var options = PushSubscribeOptions.builder().configuration(ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.None).flowControl(HEARTBEAT).build()).build();
        long start;
        JetStreamSubscription sub;
        try (var ignored = progress.track(target.label() + " " + spec.label(), consumed::get, total)) {
            start = System.nanoTime();
            sub = js.subscribe(subject, dispatcher, m -> {
                if (consumed.incrementAndGet() == total) {
                    done.countDown();
                }
            }, false, options);
            long last = -1;
            // Loss shows as no progress for the idle timeout, not as a fixed deadline.
            while (!done.await(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                long now = consumed.get();
                if (now == last) {
                    throw new TimeoutException(target.label() + ": push delivery stopped at " + now + " of " + total);
                }
                last = now;
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        dispatcher.unsubscribe(sub);
        connection.closeDispatcher(dispatcher);
        long n = consumed.get();
        return new RunResult(target.label(), n, n, n, seconds, n / seconds,
                n * (double) spec.size() / seconds / (1 << 20), null, null, null);
    }
}
