package io.natsj.kernel.client;

import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.QueueNames;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers one published message to the subscriptions it matched: every plain subscription,
 * and one member of each queue group, chosen at random (the next member is tried when the
 * chosen one cannot take it).
 *
 * <p>Subscriptions of peer servers are not delivered to one by one: each peer gets the
 * message once ({@link RouteTargets}), naming the queue groups whose member was picked on it.
 * A queue group is served by a local member when one can take the message, otherwise by a
 * member in this cluster (behind a route or a leaf node), and only when the cluster has none,
 * by one in another cluster (behind a gateway); peers are weighed by their member counts.
 *
 * <p>Where a message from a peer goes depends on the peer's {@link PeerKind}: from a route, to
 * local subscribers only; from a gateway, to local subscribers and to routes, never to another
 * gateway; from a leaf node, as a local client's message, but never back to that leaf. Its
 * queue groups are those the peer named, served by a local member when there is one.
 */
public final class MessageRouter {

    private MessageRouter() {
    }

    /**
     * A message published here.
     *
     * @param publisher who published (skipped when it subscribed itself and echo is off)
     * @param echo whether the publisher receives its own messages
     * @param m the message
     * @param result the matching subscriptions
     * @param flushes the publisher's flush set
     * @param targets the publisher's scratch list of peers
     * @param account the account's name as bytes, for peers
     */
    public static void route(Subscriber publisher, boolean echo, InboundMessage m, MatchResult result, FlushSet flushes,
                      RouteTargets targets, byte[] account) {
        for (Subscription sub : result.plain()) {
            Subscriber owner = sub.owner();
            RemotePeer peer = owner.remote();
            if (peer != null) {
                targets.add(peer);
            } else if (echo || owner != publisher) {
                owner.deliver(sub, m, flushes);
            }
        }
        for (Subscription[] group : result.queues()) {
            deliverToOne(group, publisher, echo, false, m, flushes, targets);
        }
        if (!targets.isEmpty()) {
            targets.forwardAll(m, account, flushes);
        }
    }

    /**
     * A message that crossed an import into another account: like {@link #route}, but never
     * into another import.
     *
     * @return true when at least one subscriber (or peer) took it
     */
    static boolean routeImported(InboundMessage m, MatchResult result, FlushSet flushes, RouteTargets targets,
                                 byte[] account) {
        boolean delivered = false;
        for (Subscription sub : result.plain()) {
            Subscriber owner = sub.owner();
            RemotePeer peer = owner.remote();
            if (peer != null) {
                targets.add(peer);
                delivered = true;
            } else if (!owner.isImport()) {
                delivered |= owner.deliver(sub, m, flushes);
            }
        }
        for (Subscription[] group : result.queues()) {
            delivered |= deliverToOne(group, null, true, true, m, flushes, targets);
        }
        if (!targets.isEmpty()) {
            targets.forwardAll(m, account, flushes);
        }
        return delivered;
    }

    /**
     * A message a peer forwarded: to local plain subscribers, and to a local member of each
     * queue group the peer named; a named group with no local member that can take it goes
     * on to a peer member, as nats-server does.
     */
    public static void routeFromPeer(RemotePeer origin, InboundMessage m, MatchResult result, QueueNames queues,
                                     FlushSet flushes, RouteTargets targets, byte[] account) {
        routeFromPeer(origin, m, m, result, queues, flushes, targets, account);
    }

    /**
     * {@link #routeFromPeer(RemotePeer, InboundMessage, MatchResult, QueueNames, FlushSet, RouteTargets, byte[])}
     * for a message local subscribers see otherwise than peers do: a JetStream delivery routed
     * by its deliver subject carries the subject it presents after an {@code @} in the reply
     * ({@code reply@subject}); local subscribers get {@code local} (subject and reply taken
     * apart), other peers {@code m} as it came.
     */
    public static void routeFromPeer(RemotePeer origin, InboundMessage m, InboundMessage local, MatchResult result,
                                     QueueNames queues, FlushSet flushes, RouteTargets targets, byte[] account) {
        PeerKind from = origin.kind();
        for (Subscription sub : result.plain()) {
            Subscriber owner = sub.owner();
            RemotePeer peer = owner.remote();
            if (peer == null) {
                owner.deliver(sub, local, flushes);
            } else if (peer != origin && mayForward(from, peer.kind())) {
                targets.add(peer);
            }
        }
        // A leaf names the queue groups it picked this side for, as a route does (LMSG … | q):
        // a group it did not name was served on the leaf's side already.
        if (queues.size() > 0) {
            for (Subscription[] group : result.queues()) {
                if (named(queues, group[0].queueBytes())) {
                    deliverToLocalFirst(group, origin, local, flushes, targets);
                }
            }
        }
        if (!targets.isEmpty()) {
            targets.forwardAll(m, account, flushes);
        }
    }

    /**
     * @param from the kind of peer a message came from
     * @param to the kind of peer it might go on to
     * @return true when the message goes on (see {@link PeerKind})
     */
    private static boolean mayForward(PeerKind from, PeerKind to) {
        return switch (from) {
            case ROUTE -> to == PeerKind.LEAF;
            case GATEWAY -> to != PeerKind.GATEWAY;
            case LEAF -> true;
        };
    }

    /**
     * A random local member first (the next one if it cannot take the message); only when no
     * local member can, a peer's, picked by the peers' member counts. Local members save a hop,
     * so natsj prefers them; nats-server 2.9.10 spreads a local publisher's messages over the
     * whole cluster.
     */
    private static boolean deliverToOne(Subscription[] group, Subscriber publisher, boolean echo, boolean skipImports,
                                        InboundMessage m, FlushSet flushes, RouteTargets targets) {
        int n = group.length;
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        boolean peers = false;
        for (int i = 0; i < n; i++) {
            Subscription sub = group[(start + i) % n];
            Subscriber owner = sub.owner();
            if (owner.remote() != null) {
                peers = true;
            } else if ((echo || owner != publisher) && !(skipImports && owner.isImport())
                    && owner.deliver(sub, m, flushes)) {
                return true;
            }
        }
        if (!peers) {
            return false;
        }
        Subscription remote = weightedPeerMember(group, false);
        if (remote == null) {
            remote = weightedPeerMember(group, true);
        }
        targets.addQueue(remote.owner().remote(), remote.queueBytes());
        return true;
    }

    /**
     * A queue group a peer named: a local member, else (as nats-server does) a member behind
     * a route or leaf node, never one in another cluster.
     */
    private static void deliverToLocalFirst(Subscription[] group, RemotePeer origin, InboundMessage m,
                                            FlushSet flushes, RouteTargets targets) {
        int n = group.length;
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        Subscription fallback = null;
        for (int i = 0; i < n; i++) {
            Subscription sub = group[(start + i) % n];
            RemotePeer peer = sub.owner().remote();
            if (peer != null) {
                if (fallback == null && peer != origin && peer.kind() != PeerKind.GATEWAY) {
                    fallback = sub;
                }
            } else if (sub.owner().deliver(sub, m, flushes)) {
                return;
            }
        }
        if (fallback != null) {
            targets.addQueue(fallback.owner().remote(), fallback.queueBytes());
        }
    }

    /**
     * @param gateways false for members in this cluster, true for members in other clusters
     * @return a peer's member of the group, picked at random by the peers' member counts, or
     *     null when there is none of that scope
     */
    private static Subscription weightedPeerMember(Subscription[] group, boolean gateways) {
        int total = 0;
        Subscription last = null;
        for (Subscription s : group) {
            if (inScope(s, gateways)) {
                total += s.weight();
                last = s;
            }
        }
        if (last == null) {
            return null;
        }
        int r = ThreadLocalRandom.current().nextInt(total);
        for (Subscription s : group) {
            if (inScope(s, gateways)) {
                r -= s.weight();
                if (r < 0) {
                    return s;
                }
            }
        }
        return last;
    }

    private static boolean inScope(Subscription s, boolean gateways) {
        RemotePeer peer = s.owner().remote();
        return peer != null && (peer.kind() == PeerKind.GATEWAY) == gateways;
    }

    private static boolean named(QueueNames queues, byte[] name) {
        for (int i = 0; i < queues.size(); i++) {
            if (Arrays.equals(queues.get(i), name)) {
                return true;
            }
        }
        return false;
    }
}
