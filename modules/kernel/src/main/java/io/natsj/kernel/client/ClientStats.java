package io.natsj.kernel.client;

import java.time.Instant;

/**
 * What monitoring reads of one client connection: message and byte counters in both
 * directions, when it was accepted, last active and stopped, its round-trip time and the bytes
 * waiting for its socket. /connz, /varz, the system account's events and the server's totals of
 * closed connections read it; the connection writes it on its hot paths, so counting is a plain
 * add on a field with no lock of its own.
 */
public final class ClientStats {

    private final Instant started = Instant.now();
    private final Outbound outbound;
    private final PingTimer pingTimer;

    private long inMsgs; // written on the connection's event loop only
    private long inBytes; // written on the connection's event loop only
    private long outMsgs; // guarded by the outbound lock
    private long outBytes; // guarded by the outbound lock
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile Instant stopped;

    /**
     * @param outbound the connection's outbound buffer, for what is pending
     * @param pingTimer its keep-alive timer, for the round-trip time
     */
    ClientStats(Outbound outbound, PingTimer pingTimer) {
        this.outbound = outbound;
        this.pingTimer = pingTimer;
    }

    /** @param bodyLength the body size of a message the client published */
    void received(int bodyLength) {
        inMsgs++;
        inBytes += bodyLength;
    }

    /** @param bodyLength the body size of a message written to the client, under the outbound lock */
    void sent(int bodyLength) {
        outMsgs++;
        outBytes += bodyLength;
    }

    /** An operation was read from the client. */
    void activity() {
        lastActivityNanos = System.nanoTime();
    }

    /** The connection has closed: now is its stop time. */
    void stop() {
        stopped = Instant.now();
    }

    /** @return when the connection was accepted */
    public Instant started() {
        return started;
    }

    /** @return when the connection closed, or null while it is open */
    public Instant stopped() {
        return stopped;
    }

    /** @return nanoTime of the last operation read */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** @return messages received from the client */
    public long inMsgs() {
        return inMsgs;
    }

    /** @return body bytes received from the client */
    public long inBytes() {
        return inBytes;
    }

    /** @return messages sent to the client */
    public long outMsgs() {
        return outMsgs;
    }

    /** @return body bytes sent to the client */
    public long outBytes() {
        return outBytes;
    }

    /** @return bytes waiting to be written to the client */
    public long pendingBytes() {
        return outbound.pendingBytes();
    }

    /** @return the last round-trip time measured by the ping timer, nanoseconds */
    public long rttNanos() {
        return pingTimer.rttNanos();
    }
}
