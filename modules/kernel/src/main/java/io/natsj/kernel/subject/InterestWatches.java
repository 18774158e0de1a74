package io.natsj.kernel.subject;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.kernel.client.Subscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches of local interest in literal subjects, for services (a JetStream push consumer's
 * deliver subject): each is told when the subject gains its first subscriber and when it
 * loses its last, whether the subscription names it literally or by a wildcard. Plain
 * subscriptions of peers count (a delivery goes on to them, as nats-server's sublist
 * notifications count routed and leaf interest); queue subscriptions of peers and
 * subscriptions of the watching client itself do not, as they do not for
 * {@code InternalClient.deliverAs}.
 *
 * <p>Every method runs under the owning {@link SubjectIndex}'s monitor, after the index has
 * changed, so a watch sees changes in the order they were made and none twice. Listeners are
 * called under that monitor on the subscribing thread: they hand the news on and return.
 */
final class InterestWatches {

    /** A listener of one watch: told the subject's interest when it changes. */
    interface Listener {
        void interest(boolean interested);
    }

    /** One watch, from {@link SubjectIndex#watch}. */
    static final class Watch {
        final String subject;
        final Subscriber ignored;
        final Listener listener;
        boolean interested;

        Watch(String subject, Subscriber ignored, Listener listener) {
            this.subject = subject;
            this.ignored = ignored;
            this.listener = listener;
        }
    }

    private final SubjectIndex index;
    private final Map<String, List<Watch>> bySubject = new HashMap<>();
    private int size;

    InterestWatches(SubjectIndex index) {
        this.index = index;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds a watch and tells it the interest there is now. */
    void add(Watch w) {
        bySubject.computeIfAbsent(w.subject, s -> new ArrayList<>(1)).add(w);
        size++;
        w.interested = reaches(w.subject, w.ignored);
        w.listener.interest(w.interested);
    }

    void remove(Watch w) {
        List<Watch> list = bySubject.get(w.subject);
        if (list != null && list.remove(w)) {
            size--;
            if (list.isEmpty()) {
                bySubject.remove(w.subject);
            }
        }
    }

    /** A subscription was inserted or removed: the watches it may concern look again. */
    void changed(Subscription sub) {
        if (size == 0 || (sub.owner().remote() != null && sub.queue() != null)) {
            return;
        }
        if (!SubjectMatch.hasWildcard(sub.subject())) {
            List<Watch> list = bySubject.get(sub.subject());
            if (list != null) {
                recheck(list, sub);
            }
            return;
        }
        // A wildcard subscription may reach any watched subject: few watches, so look at each.
        for (Map.Entry<String, List<Watch>> e : bySubject.entrySet()) {
            if (SubjectMatch.matches(sub.subject(), e.getKey())) {
                recheck(e.getValue(), sub);
            }
        }
    }

    private void recheck(List<Watch> list, Subscription sub) {
        for (Watch w : List.copyOf(list)) {
            if (sub.owner() == w.ignored) {
                continue;
            }
            boolean now = reaches(w.subject, w.ignored);
            if (now != w.interested) {
                w.interested = now;
                w.listener.interest(now);
            }
        }
    }

    /** @return whether a local subscriber other than {@code ignored} reaches the literal subject */
    boolean reaches(String subject, Subscriber ignored) {
        MatchResult r = index.walk(subject);
        for (Subscription s : r.plain()) {
            if (s.owner() != ignored) {
                // A peer's too: deliveries go on to it (InternalClient.forwardAs).
                return true;
            }
        }
        for (Subscription[] group : r.queues()) {
            for (Subscription s : group) {
                if (counts(s, ignored)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean counts(Subscription s, Subscriber ignored) {
        return s.owner().remote() == null && s.owner() != ignored;
    }
}
