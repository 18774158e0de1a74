package io.natsj.kernel.client;

import io.natsj.kernel.protocol.ProtocolErrors;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of keep-alive: PING the client every {@code ping_interval}, and close it as
 * stale when {@code ping_max} PINGs in a row go unanswered. As in nats-server, the timer runs
 * the full interval from accept, and CONNECT restarts it with a short first interval (at most
 * two seconds, plus up to a fifth at random) that measures the round-trip time early. A PING
 * two seconds after accept would land where a client still busy with its TLS handshake
 * expects the PONG to its own PING.
 */
final class PingTimer {

    private static final Duration FIRST_PING = Duration.ofSeconds(2);

    private final ClientConnection connection;
    private final ClientLimits limits;
    private ScheduledFuture<?> next;
    private int outstanding;
    private long sentNanos;
    private volatile long rttNanos;

    PingTimer(ClientConnection connection, ClientLimits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    void start() {
        schedule(limits.pingInterval());
    }

    /** CONNECT arrived: the first PING comes sooner than the interval. */
    void connectReceived() {
        stop();
        Duration interval = limits.pingInterval();
        long first = Math.min(interval.toNanos(), FIRST_PING.toNanos());
        // nats-server spreads first PINGs by up to 20% so reconnecting clients do not sync up.
        long jitter = first / 5 > 0 ? ThreadLocalRandom.current().nextLong(first / 5) : 0;
        schedule(Duration.ofNanos(first + jitter));
    }

    private void schedule(Duration delay) {
        next = connection.channel().eventLoop().schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (connection.output().isClosing()) {
            return;
        }
        if (outstanding + 1 > limits.pingMax()) {
            connection.output().closeWithError(ProtocolErrors.STALE_CONNECTION, "Stale Connection");
            return;
        }
        outstanding++;
        sentNanos = System.nanoTime();
        connection.output().sendPing();
        schedule(limits.pingInterval());
    }

    /**
     * Sends a PING now to measure the round trip, as nats-server does for latency tracking
     * when a client's RTT is still unknown. Runs on the connection's event loop.
     */
    void measureRtt() {
        if (rttNanos != 0 || outstanding > 0 || connection.output().isClosing()) {
            return;
        }
        outstanding++;
        sentNanos = System.nanoTime();
        connection.output().sendPing();
    }

    void pongReceived() {
        if (outstanding > 0 && sentNanos != 0) {
            rttNanos = System.nanoTime() - sentNanos;
        }
        outstanding = 0;
    }

    long rttNanos() {
        return rttNanos;
    }

    void stop() {
        if (next != null) {
            next.cancel(false);
        }
    }
}
