package io.natsj.kernel.client;

import io.natsj.kernel.auth.ConnectionPermissions;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.natsj.kernel.subject.Subjects;
import io.natsj.kernel.subject.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client connection's subscriptions by sid: SUB and UNSUB as nats-server handles them,
 * auto-unsubscribe when a subscription's limit is reached, and the list /connz shows of a
 * closed connection. Each subscription is placed in the index of the connection's account at
 * the time of the call. SUB and UNSUB run on the connection's event loop; removal after the last
 * allowed delivery may run on any publisher's thread, hence the concurrent map.
 */
final class ClientSubscriptions {

    private final ClientConnection connection;
    private final Outbound outbound;
    private final Map<String, Subscription> bySid = new ConcurrentHashMap<>();
    private volatile List<Subscription> atClose = List.of();

    /**
     * @param connection the owner of the subscriptions
     * @param outbound its outbound buffer, whose lock guards each subscription's delivery count
     */
    ClientSubscriptions(ClientConnection connection, Outbound outbound) {
        this.connection = connection;
        this.outbound = outbound;
    }

    /**
     * SUB in nats-server's order: permissions and the limit first, then a known sid is a no-op
     * (its subject not even validated), and only a new subscription's subject is checked.
     *
     * @param perms the connection's permissions, or null
     * @return the error to send the client, or null when the SUB was taken
     */
    String subscribe(ConnectionPermissions perms, String subject, String queue, String sid) {
        if (perms != null) {
            String violation = perms.subscribeViolation(subject, queue);
            if (violation != null) {
                return violation;
            }
        }
        int max = connection.credentialLimits().maxSubscriptions();
        if (max >= 0 && bySid.size() >= max) {
            return ProtocolErrors.MAX_SUBSCRIPTIONS;
        }
        if (!bySid.containsKey(sid)) {
            if (!Subjects.isValidSubscribeSubject(subject)) {
                return ProtocolErrors.INVALID_SUBJECT;
            }
            Subscription sub = new Subscription(connection, subject, queue, sid);
            bySid.put(sid, sub);
            connection.account().index().insert(sub);
        }
        return null;
    }

    /**
     * UNSUB: an unknown sid is ignored; with a maximum the subscription stays until it has
     * delivered that many messages (at once when it already has).
     *
     * @param max the number of messages after which to remove it, 0 or less for now
     */
    void unsubscribe(String sid, long max) {
        Subscription sub = bySid.get(sid);
        if (sub == null) {
            return;
        }
        boolean removeNow = max <= 0;
        if (!removeNow) {
            outbound.lock();
            try {
                sub.setMaxMessages(max);
                removeNow = sub.delivered() >= max;
            } finally {
                outbound.unlock();
            }
        }
        if (removeNow) {
            remove(sub);
            connection.interestEnded(sub);
        }
    }

    /** @param sub a subscription of this connection to drop, once; from any thread */
    void remove(Subscription sub) {
        if (bySid.remove(sub.sid(), sub)) {
            sub.markClosed();
            connection.account().index().remove(sub);
        }
    }

    /** Keeps the list for /connz's closed connections, then removes every subscription. */
    void closeAll() {
        atClose = List.copyOf(bySid.values());
        for (Subscription sub : bySid.values()) {
            remove(sub);
        }
    }

    /** @return the open subscriptions */
    Collection<Subscription> all() {
        return bySid.values();
    }

    /** @return the subscriptions held when the connection closed (empty while open) */
    List<Subscription> atClose() {
        return atClose;
    }
}
