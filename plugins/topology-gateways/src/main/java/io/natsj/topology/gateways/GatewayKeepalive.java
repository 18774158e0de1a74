package io.natsj.topology.gateways;

import io.netty.channel.Channel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * PINGs on one gateway connection, as nats-server sends them: a first one about a second after
 * the connection opens, then every {@code ping_interval} but at least every 15 seconds, whatever
 * the traffic; {@code ping_max} unanswered ones close it as stale. The round trip of the last
 * answered PING is the connection's RTT (/gatewayz). Runs on the connection's event loop.
 */
final class GatewayKeepalive {

    /** nats-server's first PING delay. */
    private static final long FIRST_PING_MILLIS = 1000;
    /** nats-server pings gateways at least this often, whatever ping_interval says. */
    private static final long MAX_PING_MILLIS = 15_000;

    private final GatewayConnection connection;
    private final Channel channel;
    private final SuperCluster cluster;
    private long pingSentNanos;
    private int pingsOut;
    private volatile long rttNanos;

    GatewayKeepalive(GatewayConnection connection, Channel channel, SuperCluster cluster) {
        this.connection = connection;
        this.channel = channel;
        this.cluster = cluster;
    }

    /** The connection opened: the first PING in about a second. */
    void start() {
        long jitter = ThreadLocalRandom.current().nextLong(FIRST_PING_MILLIS / 5 + 1);
        channel.eventLoop().schedule(this::ping, FIRST_PING_MILLIS + jitter, TimeUnit.MILLISECONDS);
    }

    /** PONG: the peer is alive. */
    void pong() {
        pingsOut = 0;
        if (pingSentNanos != 0) {
            rttNanos = Math.max(1, System.nanoTime() - pingSentNanos);
            pingSentNanos = 0;
        }
    }

    private void ping() {
        if (connection.isClosing()) {
            return;
        }
        if (pingsOut + 1 > cluster.local().pingMax()) {
            connection.protocolError("Stale Connection", "Stale Connection");
            return;
        }
        pingsOut++;
        pingSentNanos = System.nanoTime();
        connection.sendLine("PING\r\n");
        long every = Math.min(cluster.local().pingInterval().toMillis(), MAX_PING_MILLIS);
        channel.eventLoop().schedule(this::ping, every, TimeUnit.MILLISECONDS);
    }

    /** @return the last PING's round trip in nanoseconds, 0 before one was answered */
    long rttNanos() {
        return rttNanos;
    }
}
