package io.natsj.kernel.server;

import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.monitor.ClosedConnections;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The server's client connections: the live ones by id under {@code max_connections}, their
 * ids, the server-wide counters and the recently closed ones /connz reports. Touched when a
 * connection opens or closes, never per message.
 */
final class ClientRegistry {

    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final ServerStats stats = new ServerStats();
    private final ClosedConnections closed = new ClosedConnections();

    /**
     * @param connection a new connection
     * @param max the server's {@code max_connections}
     * @return false, registering nothing, when the server already has {@code max}
     */
    boolean register(ClientConnection connection, int max) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        clients.put(connection.id(), connection);
        stats.connectionOpened();
        return true;
    }

    /**
     * @param connection a connection that closed
     * @return true the first time, when it was registered: it is now counted and kept as closed
     */
    boolean unregister(ClientConnection connection) {
        if (clients.remove(connection.id()) == null) {
            return false;
        }
        count.decrementAndGet();
        stats.connectionClosed(connection);
        closed.add(connection);
        return true;
    }

    /** @return the id of the next connection */
    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Sends the chosen live connections an asynchronous INFO (to those speaking protocol 1).
     *
     * @param which the connections to tell
     * @param line the INFO line for each
     */
    void sendInfo(Predicate<ClientConnection> which, Function<ClientConnection, String> line) {
        for (ClientConnection c : clients.values()) {
            if (which.test(c)) {
                c.sendAsyncInfo(line.apply(c));
            }
        }
    }

    Collection<ClientConnection> all() {
        return clients.values();
    }

    ServerStats stats() {
        return stats;
    }

    ClosedConnections closed() {
        return closed;
    }
}
