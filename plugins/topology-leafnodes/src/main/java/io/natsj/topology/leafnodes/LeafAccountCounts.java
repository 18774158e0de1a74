package io.natsj.topology.leafnodes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many leaf node connections each account has on this server, in both directions, so
 * that an account JWT's {@code leaf} limit can refuse the one too many as nats-server 2.9.10
 * does ({@code maxTotalLeafNodesReached} when a leaf registers with its account).
 *
 * <p>nats-server also adds the leaves other cluster members report through system events;
 * natsj counts this server's own, so in a cluster the limit holds per server.
 */
final class LeafAccountCounts {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /**
     * Counts a leaf connection in unless its account is at its limit.
     *
     * @param account the account the leaf binds to
     * @param max the account's limit of leaf connections, negative for none
     * @return false, counting nothing, when the account already has {@code max} leaves
     */
    boolean countIn(String account, long max) {
        AtomicInteger n = counts.computeIfAbsent(account, a -> new AtomicInteger());
        while (true) {
            int now = n.get();
            if (max >= 0 && now >= max) {
                return false;
            }
            if (n.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * Counts a closed leaf connection out.
     *
     * @param account the account it was counted in
     */
    void countOut(String account) {
        AtomicInteger n = counts.get(account);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    /**
     * @param account an account
     * @return its leaf connections on this server
     */
    int count(String account) {
        AtomicInteger n = counts.get(account);
        return n == null ? 0 : n.get();
    }
}
