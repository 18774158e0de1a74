package io.natsj.kernel.subject;

import io.natsj.kernel.client.RemotePeer;
import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.PeerKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts one account's interest for its peers, in two scopes: this server's own subscriptions
 * (what routes hear of: interest travels one hop inside a cluster), and the whole cluster's,
 * which adds the subscriptions learned over routes (what gateways hear of: another cluster
 * reaches this one through one server). A leaf node's subscriptions count as this server's own
 * (nats-server passes a leaf's interest on to routes and gateways like a client's). Each leaf
 * connection has a scope of its own: every subscription but those over gateways and that
 * leaf's own, so a leaf hears of its hub's whole interest (and a hub of its leaf's) and never
 * its own back. Interest learned over gateways reaches no scope. Per scope, peers hear of a plain subject when its count goes from 0 to 1 and back,
 * and of a queue group whenever its count changes (as weight), as nats-server's route map does.
 *
 * <p>Changes arrive from the subject index's writers, under its lock; listeners join under
 * this tracker's lock, replaying what is counted, so none misses a change or hears one twice.
 */
public final class InterestTracker {

    private final Counts local;
    private final Counts cluster;
    /** Every subscription a leaf scope counts, kept to start a new leaf scope from; no listeners. */
    private final Counts all;
    private final List<LeafScope> leaves = new CopyOnWriteArrayList<>();

    /** @param account the account's name, as listeners are told it */
    public InterestTracker(String account) {
        this.local = new Counts(account);
        this.cluster = new Counts(account);
        this.all = new Counts(account);
    }

    synchronized void added(Subscription sub) {
        RemotePeer peer = sub.owner().remote();
        if (peer == null || peer.kind() == PeerKind.LEAF) {
            local.added(sub);
            cluster.added(sub);
        } else if (peer.kind() == PeerKind.ROUTE) {
            cluster.added(sub);
        }
        if (peer == null || peer.kind() != PeerKind.GATEWAY) {
            all.added(sub);
            for (LeafScope scope : leaves) {
                if (scope.owner != peer) {
                    scope.counts.added(sub);
                }
            }
        }
    }

    synchronized void removed(Subscription sub) {
        RemotePeer peer = sub.owner().remote();
        if (peer == null || peer.kind() == PeerKind.LEAF) {
            local.removed(sub);
            cluster.removed(sub);
        } else if (peer.kind() == PeerKind.ROUTE) {
            cluster.removed(sub);
        }
        if (peer == null || peer.kind() != PeerKind.GATEWAY) {
            all.removed(sub);
            for (LeafScope scope : leaves) {
                if (scope.owner != peer) {
                    scope.counts.removed(sub);
                }
            }
        }
    }

    /**
     * Tells a leaf connection's listener every subscription but the leaf's own and those learned
     * over gateways, now and as they change, until it is removed.
     *
     * @param listener the leaf connection's listener
     * @param owner the leaf connection's own peer, whose subscriptions it is never told of
     */
    public synchronized void watchLeaf(InterestListener listener, RemotePeer owner) {
        LeafScope scope = new LeafScope(owner, all.copy());
        scope.counts.watch(listener);
        leaves.add(scope);
    }

    /**
     * Tells the listener everything counted now, then every change until it is removed.
     *
     * @param listener the listener
     * @param wholeCluster true to count the subscriptions learned over routes too (for gateways)
     */
    public synchronized void watch(InterestListener listener, boolean wholeCluster) {
        (wholeCluster ? cluster : local).watch(listener);
    }

    /**
     * Tells the listener about this server's own subscriptions (for routes).
     *
     * @param listener the listener
     */
    public void watch(InterestListener listener) {
        watch(listener, false);
    }

    /** @param listener a listener that no longer wants to hear */
    public void unwatch(InterestListener listener) {
        local.listeners.remove(listener);
        cluster.listeners.remove(listener);
        leaves.removeIf(scope -> scope.counts.listeners.contains(listener));
    }

    /** A leaf connection's scope: its own counts, which skip its owner's subscriptions. */
    private record LeafScope(RemotePeer owner, Counts counts) {
    }

    /** The counts of one scope and the listeners of that scope. */
    private static final class Counts {
        private final String account;
        private final Map<String, Integer> plain = new HashMap<>();
        private final Map<String, Map<String, Integer>> queues = new HashMap<>();
        private final List<InterestListener> listeners = new CopyOnWriteArrayList<>();

        Counts(String account) {
            this.account = account;
        }

        /** @return these counts without listeners (a new leaf scope starts from them) */
        Counts copy() {
            Counts c = new Counts(account);
            c.plain.putAll(plain);
            queues.forEach((subject, groups) -> c.queues.put(subject, new HashMap<>(groups)));
            return c;
        }

        void added(Subscription sub) {
            String queue = sub.queue();
            if (queue == null) {
                int n = plain.merge(sub.subject(), 1, Integer::sum);
                if (n == 1) {
                    for (InterestListener l : listeners) {
                        l.interest(account, sub.subject(), null, 1);
                    }
                }
            } else {
                int n = queues.computeIfAbsent(sub.subject(), s -> new HashMap<>()).merge(queue, 1, Integer::sum);
                for (InterestListener l : listeners) {
                    l.interest(account, sub.subject(), queue, n);
                }
            }
        }

        void removed(Subscription sub) {
            String queue = sub.queue();
            if (queue == null) {
                Integer n = plain.get(sub.subject());
                if (n == null) {
                    return;
                }
                if (n == 1) {
                    plain.remove(sub.subject());
                    for (InterestListener l : listeners) {
                        l.noInterest(account, sub.subject(), null);
                    }
                } else {
                    plain.put(sub.subject(), n - 1);
                }
                return;
            }
            Map<String, Integer> groups = queues.get(sub.subject());
            Integer n = groups == null ? null : groups.get(queue);
            if (n == null) {
                return;
            }
            if (n == 1) {
                groups.remove(queue);
                if (groups.isEmpty()) {
                    queues.remove(sub.subject());
                }
                for (InterestListener l : listeners) {
                    l.noInterest(account, sub.subject(), queue);
                }
            } else {
                groups.put(queue, n - 1);
                for (InterestListener l : listeners) {
                    l.interest(account, sub.subject(), queue, n - 1);
                }
            }
        }

        void watch(InterestListener listener) {
            for (String subject : plain.keySet()) {
                listener.interest(account, subject, null, 1);
            }
            for (Map.Entry<String, Map<String, Integer>> e : queues.entrySet()) {
                for (Map.Entry<String, Integer> q : e.getValue().entrySet()) {
                    listener.interest(account, e.getKey(), q.getKey(), q.getValue());
                }
            }
            listeners.add(listener);
        }
    }
}
