package io.natsj.bench.run;

import io.natsj.bench.engine.BenchConnection;
import io.natsj.bench.engine.MessageCounter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a subscriber's interest, registered on one server, has reached the server a
 * publisher is connected to across a route, gateway or leaf connection.
 *
 * <p>A PONG only proves the subscriber's own server registered the subscription; the interest then
 * travels to the other servers asynchronously, and messages published before it arrives are
 * dropped there, which the bench would count as loss. So the subscriber also subscribes to a probe
 * subject <em>after</em> the measured one, and the publisher publishes single probe messages until
 * one arrives: interest is propagated in order over one connection, so once the probe's interest
 * has arrived, the measured subject's has too.
 */
final class InterestProbe {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration ROUND = Duration.ofMillis(100);
    private static final byte[] PROBE = "probe".getBytes();

    private InterestProbe() {
    }

    /**
     * Subscribes {@code subscriber} to the probe subject of {@code subject}; call after every
     * measured subscription of that connection is made.
     *
     * @return the counter the probe's messages go to
     */
    static MessageCounter arm(BenchConnection subscriber, String subject) throws IOException {
        var counter = new MessageCounter();
        subscriber.subscribe(probeSubject(subject), null, counter);
        return counter;
    }

    /**
     * Publishes probe messages from {@code publisher} until {@code probe} has received one.
     *
     * @throws TimeoutException when none arrived within 30 s (no path between the servers)
     */
    static void await(BenchConnection publisher, String subject, MessageCounter probe)
            throws IOException, TimeoutException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (probe.messages() == 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the subscribers' interest in " + subject
                        + " did not reach the publishers' server within " + DEADLINE.toSeconds() + " s");
            }
            publisher.publish(probeSubject(subject), PROBE, 1, () -> true, n -> { });
            publisher.flush(DEADLINE);
            long roundEnd = System.nanoTime() + ROUND.toNanos();
            while (probe.messages() == 0 && System.nanoTime() < roundEnd) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private static String probeSubject(String subject) {
        return subject + ".probe";
    }
}
