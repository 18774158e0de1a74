package io.natsj.topology.routes;

import io.netty.channel.Channel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
/**
 * One route connection's keepalive, as nats-server's: a first PING about a second after the
 * connection opens, then one every {@code ping_interval}; a connection with more than
 * {@code ping_max} PINGs unanswered is stale and closed. A PONG gives the round-trip time
 * {@code /routez} shows.
 *
 * <p>Runs on the connection's event loop; only the round-trip time is read from elsewhere.
 */
final class RouteKeepalive {

    /** nats-server's firstPingInterval. */
    private static final long FIRST_PING_MILLIS = 1000;

    private final RouteConnection connection;
    private final RouteCluster cluster;
    private final Channel channel;
    private int pingsOut;
    private long pingSentNanos;
    private volatile long rttNanos;

    /**
     * @param connection the route kept alive
     * @param cluster its cluster ({@code ping_interval}, {@code ping_max})
     * @param channel the connection's channel, whose event loop runs the timer
     */
    RouteKeepalive(RouteConnection connection, RouteCluster cluster, Channel channel) {
        this.connection = connection;
        this.cluster = cluster;
        this.channel = channel;
    }

    /** Schedules the first PING, with jitter so that a cluster's routes do not ping in step. */
    void start() {
        long jitter = ThreadLocalRandom.current().nextLong(FIRST_PING_MILLIS / 5 + 1);
        channel.eventLoop().schedule(this::pingTimer, FIRST_PING_MILLIS + jitter, TimeUnit.MILLISECONDS);
    }

    void onPing() {
        connection.send("PONG\r\n");
    }

    void onPong() {
        pingsOut = 0;
        if (pingSentNanos != 0) {
            rttNanos = Math.max(1, System.nanoTime() - pingSentNanos);
            pingSentNanos = 0;
        }
    }

    private void pingTimer() {
        if (connection.isClosing()) {
            return;
        }
        if (pingsOut + 1 > cluster.pingMax()) {
            connection.protocolError("Stale Connection", "Stale Connection");
            return;
        }
        pingsOut++;
        pingSentNanos = System.nanoTime();
        connection.send("PING\r\n");
        channel.eventLoop().schedule(this::pingTimer, cluster.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the last PING's round-trip time, 0 before the first PONG */
    long rttNanos() {
        return rttNanos;
    }
}
