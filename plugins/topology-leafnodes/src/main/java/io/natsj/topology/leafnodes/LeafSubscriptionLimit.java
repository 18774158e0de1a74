package io.natsj.topology.leafnodes;

import java.util.HashSet;
import java.util.Set;

/**
 * How many subscriptions (LS+) a leaf node connection may hold, as nats-server 2.9.10 limits
 * them: the smaller of the user's and the account's JWT {@code subs} (on a hub, for a leaf
 * with credentials) and the server's {@code max_subscriptions}. The LS+ beyond it is refused
 * with {@code -ERR 'maximum subscriptions exceeded'} and the connection stays open.
 *
 * <p>nats-server counts before it looks whether an LS+ only changes a queue's weight, so at
 * the limit even such an update is refused; so is it here. Used on the connection's event
 * loop only.
 */
final class LeafSubscriptionLimit {

    /** The error a refused LS+ gets. */
    static final String ERROR = "maximum subscriptions exceeded";

    private final long max;
    private final Set<String> held = new HashSet<>();

    private LeafSubscriptionLimit(long max) {
        this.max = max;
    }

    /**
     * @param credentialLimit the limit the leaf's credentials carry, negative for none
     * @param serverLimit the server's {@code max_subscriptions}, 0 or negative for none
     * @return the limit for one connection
     */
    static LeafSubscriptionLimit of(long credentialLimit, int serverLimit) {
        long max = credentialLimit;
        if (serverLimit > 0 && (max < 0 || serverLimit < max)) {
            max = serverLimit;
        }
        return new LeafSubscriptionLimit(max);
    }

    /**
     * @param subject the LS+ subject
     * @param queue its queue group, or null
     * @return false when the connection holds as many subscriptions as it may
     */
    boolean admit(String subject, String queue) {
        if (max < 0) {
            return true;
        }
        if (held.size() >= max) {
            return false;
        }
        held.add(key(subject, queue));
        return true;
    }

    /**
     * @param subject the LS- subject
     * @param queue its queue group, or null
     */
    void removed(String subject, String queue) {
        if (max >= 0) {
            held.remove(key(subject, queue));
        }
    }

    private static String key(String subject, String queue) {
        return queue == null ? subject : subject + ' ' + queue;
    }
}
