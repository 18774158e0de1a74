package io.natsj.bench.run;

import io.natsj.bench.engine.BenchConnection;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs every publisher of a scenario on its own thread, released together, each ending with a
 * PING/PONG so that "done" means the server has taken every message.
 */
final class ConcurrentPublish {

    private final List<BenchConnection> publishers;
    private final String subject;
    private final byte[] payload;
    private final ScenarioSpec spec;
    private final AtomicLong published;
    private long sent;

    ConcurrentPublish(List<BenchConnection> publishers, String subject, byte[] payload, ScenarioSpec spec,
                      AtomicLong published) {
        this.publishers = publishers;
        this.subject = subject;
        this.payload = payload;
        this.spec = spec;
        this.published = published;
    }

    /** Messages published in total by the last {@link #runAndFlush}. */
    long sent() {
        return sent;
    }

    void runAndFlush(Duration flushTimeout) throws IOException, TimeoutException {
        int count = publishers.size();
        var gate = new CountDownLatch(1);
        var failure = new AtomicReference<Exception>();
        var totals = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        BooleanSupplier keepGoing = ScenarioRunner.until(spec.duration());
        for (int i = 0; i < count; i++) {
            BenchConnection connection = publishers.get(i);
            long share = spec.duration() != null ? Long.MAX_VALUE
                    : spec.messages() / count + (i < spec.messages() % count ? 1 : 0);
            threads.add(Thread.ofPlatform().name("bench-pub-" + i).start(() -> {
                try {
                    gate.await();
                    totals.addAndGet(connection.publish(subject, payload, share, keepGoing, published::addAndGet));
                    connection.flush(flushTimeout);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        gate.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while publishing", e);
            }
        }
        sent = totals.get();
        Exception problem = failure.get();
        if (problem instanceof TimeoutException timeout) {
            throw timeout;
        }
        if (problem != null) {
            throw new IOException("publisher failed: " + problem.getMessage(), problem);
        }
    }
}
