package io.natsj.kernel.account;

import io.natsj.spi.topology.AccountRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An account's connections: its clients and leaf node connections on this server, and those
 * its cluster peers report in their account connection events, so that an account JWT's
 * {@code conn} and {@code leaf} limits hold across a cluster as nats-server 2.9.10 holds them
 * ({@code MaxTotalConnectionsReached}, {@code maxTotalLeafNodesReached},
 * {@code updateRemoteServer}).
 *
 * <p>Touched when a connection is admitted or closes and when a peer reports, never per
 * message; one lock per account keeps the check and the count together.
 */
final class ConnectionCounts {

    /** What one peer server last reported of the account. */
    private record Remote(int clients, int leaves, long atNanos) {
    }

    private final Account account;
    private final Map<String, Remote> remotes = new HashMap<>();
    // Oldest first: a peer's report showing too many leaves evicts from the end, as nats-server.
    private final List<Seat> leaves = new ArrayList<>();
    private int clients;
    private int remoteClients;
    private int remoteLeaves;
    private long leafLimit = -1;
    private volatile Consumer<Account> changed;

    ConnectionCounts(Account account) {
        this.account = account;
    }

    /** A leaf connection's seat; released once. */
    private final class Seat implements AccountRef.LeafSeat {
        private final Runnable evict;
        private boolean released;

        Seat(Runnable evict) {
            this.evict = evict;
        }

        @Override
        public void release() {
            synchronized (ConnectionCounts.this) {
                if (released) {
                    return;
                }
                released = true;
                leaves.remove(this);
            }
            changed();
        }
    }

    void onChanged(Consumer<Account> listener) {
        this.changed = listener;
    }

    private void changed() {
        Consumer<Account> listener = changed;
        if (listener != null) {
            listener.accept(account);
        }
    }

    synchronized int clients() {
        return clients;
    }

    synchronized int leaves() {
        return leaves.size();
    }

    /**
     * @param max the account's limit of connections, negative for none
     * @return false when the account's clients here and on its peers, with its leaves here,
     *         already reach {@code max} (nats-server counts local leaves too)
     */
    boolean admitClient(long max) {
        synchronized (this) {
            if (max >= 0 && clients + leaves.size() + remoteClients >= max) {
                return false;
            }
            clients++;
        }
        changed();
        return true;
    }

    void clientClosed() {
        synchronized (this) {
            clients--;
        }
        changed();
    }

    AccountRef.LeafSeat admitLeaf(long max, Runnable evict) {
        Seat seat = new Seat(evict);
        synchronized (this) {
            leafLimit = max;
            if (max >= 0 && leaves.size() + remoteLeaves >= max) {
                return null;
            }
            leaves.add(seat);
        }
        changed();
        return seat;
    }

    /**
     * Takes a peer's report of the account.
     *
     * @param serverId the peer
     * @param peerClients its clients in the account
     * @param peerLeaves its leaf connections in the account
     * @return how many of this server's newest leaves were evicted to get back under the limit
     */
    int remote(String serverId, int peerClients, int peerLeaves) {
        List<Seat> evicted = List.of();
        synchronized (this) {
            Remote prev = remotes.put(serverId, new Remote(peerClients, peerLeaves, System.nanoTime()));
            remoteClients += peerClients - (prev == null ? 0 : prev.clients());
            remoteLeaves += peerLeaves - (prev == null ? 0 : prev.leaves());
            int over = leaves.size() + remoteLeaves - (int) Math.min(Integer.MAX_VALUE, leafLimit);
            if (leafLimit >= 0 && over > 0) {
                evicted = List.copyOf(leaves.subList(Math.max(0, leaves.size() - over), leaves.size()));
            }
        }
        // Clients over the limit are left alone, as in nats-server 2.9.10, whose rebalancing
        // list for them is never returned: only leaves are closed.
        for (Seat s : evicted) {
            s.evict.run();
        }
        return evicted.size();
    }

    /** Forgets a peer that shut down. */
    void forget(String serverId) {
        forgetWhere(e -> e.getKey().equals(serverId));
    }

    /** Forgets every peer whose last report is older than {@code nanos}: it went away unheard. */
    void forgetOlderThan(long nanos) {
        long now = System.nanoTime();
        forgetWhere(e -> now - e.getValue().atNanos() > nanos);
    }

    private synchronized void forgetWhere(Predicate<Map.Entry<String, Remote>> gone) {
        for (Iterator<Map.Entry<String, Remote>> it = remotes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Remote> e = it.next();
            if (gone.test(e)) {
                remoteClients -= e.getValue().clients();
                remoteLeaves -= e.getValue().leaves();
                it.remove();
            }
        }
    }

    synchronized int remoteClients() {
        return remoteClients;
    }

    synchronized int remoteLeaves() {
        return remoteLeaves;
    }
}
