package io.natsj.kernel.monitor;

import io.natsj.kernel.client.ClientConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently closed connections, for {@code /connz?state=closed}: nats-server keeps
 * the last 10,000, and so does natsj. Added to when a connection closes, never on the
 * message path.
 */
public final class ClosedConnections {

    /** nats-server's {@code MaxClosedClients}. */
    public static final int CAPACITY = 10_000;

    private final ArrayDeque<ClosedConnection> ring = new ArrayDeque<>();
    private final int capacity;

    /** Keeps the last {@link #CAPACITY}. */
    public ClosedConnections() {
        this(CAPACITY);
    }

    ClosedConnections(int capacity) {
        this.capacity = capacity;
    }

    /** @param c a connection that has just closed */
    public void add(ClientConnection c) {
        ClosedConnection closed = ClosedConnection.of(c);
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(closed);
        }
    }

    /** @return the closed connections kept, oldest first */
    List<ClosedConnection> snapshot() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }
}
