package io.natsj.spi.topology.wire;

import io.netty.channel.EventLoop;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The PING/PONG keepalive of a peer connection (route, gateway, leaf node) as nats-server runs
 * it: a first PING about a second after the connection opens (with jitter, so that a
 * cluster's connections do not ping in step), then one every ping interval; a PONG clears the
 * count of PINGs outstanding and gives the round-trip time; one PING more than
 * {@code ping_max} outstanding makes the connection stale.
 *
 * <p>Every method runs on the connection's event loop, so the counters need no lock; only the
 * round-trip time is read from elsewhere (monitoring pages).
 */
public final class PeerKeepalive {

    /** nats-server's firstPingInterval. */
    private static final long FIRST_PING_MILLIS = 1000;

    /** What the keepalive needs of its connection. */
    public interface Peer {

        /** @return true once the connection is closing: no more PINGs */
        boolean isClosing();

        /** Writes {@code PING\r\n} to the peer. */
        void sendPing();

        /** Too many PINGs went unanswered: close the connection as stale. */
        void stale();
    }

    private final Peer peer;
    private final EventLoop loop;
    private final IntSupplier pingMax;
    private final LongSupplier intervalMillis;
    private int pingsOut;
    private long pingSentNanos;
    private volatile long rttNanos;

    /**
     * @param peer the connection kept alive
     * @param loop the connection's event loop, which runs the timer
     * @param pingMax the PINGs that may be outstanding ({@code ping_max})
     * @param intervalMillis the time between PINGs ({@code ping_interval}, capped as the kind
     *        of peer demands)
     */
    public PeerKeepalive(Peer peer, EventLoop loop, IntSupplier pingMax, LongSupplier intervalMillis) {
        this.peer = peer;
        this.loop = loop;
        this.pingMax = pingMax;
        this.intervalMillis = intervalMillis;
    }

    /** The connection opened: the first PING in about a second. */
    public void start() {
        long jitter = ThreadLocalRandom.current().nextLong(FIRST_PING_MILLIS / 5 + 1);
        loop.schedule(this::ping, FIRST_PING_MILLIS + jitter, TimeUnit.MILLISECONDS);
    }

    /** A PONG came: the peer is alive. */
    public void pong() {
        pingsOut = 0;
        if (pingSentNanos != 0) {
            rttNanos = Math.max(1, System.nanoTime() - pingSentNanos);
            pingSentNanos = 0;
        }
    }

    private void ping() {
        if (peer.isClosing()) {
            return;
        }
        if (pingsOut + 1 > pingMax.getAsInt()) {
            peer.stale();
            return;
        }
        pingsOut++;
        pingSentNanos = System.nanoTime();
        peer.sendPing();
        loop.schedule(this::ping, intervalMillis.getAsLong(), TimeUnit.MILLISECONDS);
    }

    /** @return the last PING's round trip in nanoseconds, 0 before one was answered */
    public long rttNanos() {
        return rttNanos;
    }
}
