package io.natsj.kernel.subject;

import io.natsj.spi.topology.InterestListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts one account's local interest for its peers: how many local subscriptions each
 * plain subject has, and how many local members each queue group has. Peers hear of a plain
 * subject when its count goes from 0 to 1 and back, and of a queue group whenever its count
 * changes (as weight), as nats-server's route map does. Subscriptions of peers are not
 * counted: interest travels one hop.
 *
 * <p>Changes arrive from the subject index's writers, under its lock; listeners join under
 * this tracker's lock, replaying what is counted, so none misses a change or hears one twice.
 */
public final class InterestTracker {

    private final String account;
    private final Map<String, Integer> plain = new HashMap<>();
    private final Map<String, Map<String, Integer>> queues = new HashMap<>();
    private final List<InterestListener> listeners = new CopyOnWriteArrayList<>();

    /** @param account the account's name, as listeners are told it */
    public InterestTracker(String account) {
        this.account = account;
    }

    synchronized void added(Subscription sub) {
        if (isRemote(sub)) {
            return;
        }
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

    synchronized void removed(Subscription sub) {
        if (isRemote(sub)) {
            return;
        }
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
        } else {
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
    }

    /**
     * Tells the listener everything counted now, then every change until it is removed.
     *
     * @param listener the listener
     */
    public synchronized void watch(InterestListener listener) {
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

    /** @param listener a listener that no longer wants to hear */
    public void unwatch(InterestListener listener) {
        listeners.remove(listener);
    }

    private static boolean isRemote(Subscription sub) {
        return sub.owner().remote() != null;
    }
}
