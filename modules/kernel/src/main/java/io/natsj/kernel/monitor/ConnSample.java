package io.natsj.kernel.monitor;

import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.ClientStats;
import java.time.Instant;

/**
 * A connection's numbers read once, so that sorting compares values that do not change under
 * it while the connection keeps working.
 *
 * @param connection the connection, or null for a closed one
 * @param closed what was kept of a closed connection, or null for an open one
 * @param cid its id
 * @param start when it was accepted
 * @param lastActivity when it last sent an operation (never before start)
 * @param pendingBytes bytes waiting to be written
 * @param inMsgs messages received
 * @param outMsgs messages sent
 * @param inBytes body bytes received
 * @param outBytes body bytes sent
 * @param numSubs its subscription count
 */
record ConnSample(ClientConnection connection, ClosedConnection closed, long cid, Instant start, Instant lastActivity,
                  long pendingBytes, long inMsgs, long outMsgs, long inBytes, long outBytes, int numSubs) {

    /**
     * @param c the connection
     * @param now the wall-clock time of the request
     * @param nowNanos {@link System#nanoTime()} at the same moment, to place the activity time
     * @return the sample
     */
    static ConnSample of(ClientConnection c, Instant now, long nowNanos) {
        ClientStats stats = c.stats();
        Instant start = stats.started();
        Instant last = now.minusNanos(Math.max(0, nowNanos - stats.lastActivityNanos()));
        if (last.isBefore(start)) {
            last = start;
        }
        return new ConnSample(c, null, c.id(), start, last, stats.pendingBytes(), stats.inMsgs(), stats.outMsgs(),
                stats.inBytes(), stats.outBytes(), c.subscriptions().size());
    }

    /**
     * @param c a closed connection
     * @return its sample, with nothing pending
     */
    static ConnSample of(ClosedConnection c) {
        return new ConnSample(null, c, c.cid(), c.start(), c.lastActivity(), 0, c.inMsgs(), c.outMsgs(),
                c.inBytes(), c.outBytes(), c.subscriptions().size());
    }

    /** @return when it closed; open connections sort as if closing now */
    Instant stop() {
        return closed == null ? Instant.MAX : closed.stop();
    }

    /** @return why it closed, "" while open */
    String reason() {
        return closed == null ? "" : closed.reason();
    }
}
