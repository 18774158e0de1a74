package io.natsj.kernel.client;

import io.natsj.kernel.protocol.ProtocolErrors;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of keep-alive: PING the client every {@code ping_interval} (the first one
 * after at most two seconds, as nats-server does, which also measures the round-trip time),
 * and close it as stale when {@code ping_max} PINGs in a row go unanswered.
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
        Duration interval = limits.pingInterval();
        schedule(interval.compareTo(FIRST_PING) < 0 ? interval : FIRST_PING);
    }

    private void schedule(Duration delay) {
        next = connection.channel().eventLoop().schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (connection.isClosing()) {
            return;
        }
        if (outstanding + 1 > limits.pingMax()) {
            connection.closeWithError(ProtocolErrors.STALE_CONNECTION, "Stale Connection");
            return;
        }
        outstanding++;
        sentNanos = System.nanoTime();
        connection.sendPing();
        schedule(limits.pingInterval());
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
