package io.natsj.kernel.subject;

/**
 * The subscriptions one literal subject reaches: plain ones, and one array per queue group
 * (a message goes to one member of each group). Immutable and shared by the caches.
 *
 * @param plain subscriptions without a queue group
 * @param queues members of each queue group, one array per group
 */
public record MatchResult(Subscription[] plain, Subscription[][] queues) {

    /** The result for a subject nobody is interested in. */
    public static final MatchResult EMPTY = new MatchResult(new Subscription[0], new Subscription[0][]);

    /** @return true when nobody is interested */
    public boolean isEmpty() {
        return plain.length == 0 && queues.length == 0;
    }
}
