package io.natsj.kernel.server;

import io.natsj.kernel.client.ClientConnection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters. Message counts live in each connection (written only by its own
 * threads); here are the totals of connections already closed, so /varz adds the two without
 * any counter being shared on the publish path.
 */
public final class ServerStats {

    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final LongAdder closedInMsgs = new LongAdder();
    private final LongAdder closedInBytes = new LongAdder();
    private final LongAdder closedOutMsgs = new LongAdder();
    private final LongAdder closedOutBytes = new LongAdder();

    void connectionOpened() {
        totalConnections.incrementAndGet();
    }

    void connectionClosed(ClientConnection c) {
        closedInMsgs.add(c.stats().inMsgs());
        closedInBytes.add(c.stats().inBytes());
        closedOutMsgs.add(c.stats().outMsgs());
        closedOutBytes.add(c.stats().outBytes());
    }

    void slowConsumer() {
        slowConsumers.incrementAndGet();
    }

    /** @return connections accepted since start */
    public long totalConnections() {
        return totalConnections.get();
    }

    /** @return connections closed as slow consumers since start */
    public long slowConsumers() {
        return slowConsumers.get();
    }

    /** @return messages received by connections that have closed */
    public long closedInMsgs() {
        return closedInMsgs.sum();
    }

    /** @return bytes received by connections that have closed */
    public long closedInBytes() {
        return closedInBytes.sum();
    }

    /** @return messages sent by connections that have closed */
    public long closedOutMsgs() {
        return closedOutMsgs.sum();
    }

    /** @return bytes sent by connections that have closed */
    public long closedOutBytes() {
        return closedOutBytes.sum();
    }
}
