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
}
