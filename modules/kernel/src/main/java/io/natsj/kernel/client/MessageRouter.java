package io.natsj.kernel.client;

import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.Subscription;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers one published message to the subscriptions it matched: every plain subscription,
 * and one member of each queue group, chosen at random (the next member is tried when the
 * chosen one cannot take it).
 */
final class MessageRouter {

    private MessageRouter() {
    }

    /**
     * @param publisher who published (skipped when it subscribed itself and echo is off)
     * @param echo whether the publisher receives its own messages
     * @param m the message
     * @param result the matching subscriptions
     * @param flushes the publisher's flush set
     */
    static void route(Subscriber publisher, boolean echo, InboundMessage m, MatchResult result, FlushSet flushes) {
        for (Subscription sub : result.plain()) {
            Subscriber owner = sub.owner();
            if (!echo && owner == publisher) {
                continue;
            }
            owner.deliver(sub, m, flushes);
        }
        for (Subscription[] group : result.queues()) {
            int n = group.length;
            int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                Subscription sub = group[(start + i) % n];
                Subscriber owner = sub.owner();
                if (!echo && owner == publisher) {
                    continue;
                }
                if (owner.deliver(sub, m, flushes)) {
                    break;
                }
            }
        }
    }

    /**
     * Delivers a message that crossed an import into another account: like {@link #route},
     * but never into another import.
     *
     * @param m the message, in the importing account's terms
     * @param result the importing account's matching subscriptions
     * @param flushes the original publisher's flush set
     * @return true when at least one subscriber took it
     */
    static boolean routeImported(InboundMessage m, MatchResult result, FlushSet flushes) {
        boolean delivered = false;
        for (Subscription sub : result.plain()) {
            Subscriber owner = sub.owner();
            if (!owner.isImport()) {
                delivered |= owner.deliver(sub, m, flushes);
            }
        }
        for (Subscription[] group : result.queues()) {
            int n = group.length;
            int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                Subscription sub = group[(start + i) % n];
                Subscriber owner = sub.owner();
                if (!owner.isImport() && owner.deliver(sub, m, flushes)) {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }
}
