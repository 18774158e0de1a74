package io.natsj.kernel.imports;

import io.natsj.kernel.account.Account;
import io.natsj.spi.subject.SubjectMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replies measured service requests wait to answer, by requesting account: when an UNSUB
 * leaves nobody in the account wanting a reply, the requests still waiting on it report
 * nats-server's 408 {@code Request Timeout} (its {@code checkForReverseEntry}, which keeps an
 * {@code rrMap} of every request; here only measured ones are kept, the others still wait for
 * their threshold). Entries past their response threshold are dropped as new ones come.
 */
final class ReplyWatches {

    private record Waiting(ServiceResponses responses, String mapped, long deadline) {
    }

    private final Map<Account, Map<String, List<Waiting>>> waiting = new ConcurrentHashMap<>();

    void watch(Account requester, String reply, ServiceResponses responses, String mapped, long deadline) {
        long now = System.nanoTime();
        Map<String, List<Waiting>> replies = waiting.computeIfAbsent(requester, a -> new ConcurrentHashMap<>());
        replies.values().forEach(list -> {
            synchronized (list) {
                list.removeIf(w -> now - w.deadline() > 0);
            }
        });
        replies.values().removeIf(List::isEmpty);
        replies.compute(reply, (k, list) -> {
            List<Waiting> l = list == null ? new ArrayList<>() : list;
            synchronized (l) {
                l.add(new Waiting(responses, mapped, deadline));
            }
            return l;
        });
    }

    /**
     * A subscription of the account went away.
     *
     * @param account the account
     * @param subject the subscription's subject, wildcards allowed
     */
    void ended(Account account, String subject) {
        Map<String, List<Waiting>> replies = waiting.get(account);
        if (replies == null || replies.isEmpty()) {
            return;
        }
        for (String reply : List.copyOf(replies.keySet())) {
            if (!SubjectMatch.matches(subject, reply) || !account.index().match(reply).isEmpty()) {
                continue;
            }
            List<Waiting> gone = replies.remove(reply);
            if (gone != null) {
                synchronized (gone) {
                    for (Waiting w : gone) {
                        w.responses().interestLost(w.mapped());
                    }
                }
            }
        }
    }
}
