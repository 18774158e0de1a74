package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsj.kernel.subject.MatchCache;
import io.natsj.kernel.subject.SubjectIndex;

/**
 * The subscription index statistics /subsz prints (alone when no subscription list is asked
 * for). natsj caches match results per publishing connection rather than in the index, so the
 * cache figures add up the live connections' caches: {@code num_cache} counts their valid
 * entries, {@code num_matches} every lookup (cached or not, closed connections included) and
 * the fanout figures are taken over the valid entries, as nats-server takes them over its
 * cache.
 *
 * @param numSubscriptions the subscriptions held
 * @param numCache valid cached match results
 * @param numInserts insertions since start
 * @param numRemoves removals since start
 * @param numMatches matches asked for since start
 * @param cacheHitRate the share of matches answered from a cache
 * @param maxFanout the largest cached match result (subscriptions plus queue groups)
 * @param avgFanout the mean cached match result size
 */
public record SublistStats(
        @JsonProperty("num_subscriptions") int numSubscriptions,
        @JsonProperty("num_cache") int numCache,
        @JsonProperty("num_inserts") long numInserts,
        @JsonProperty("num_removes") long numRemoves,
        @JsonProperty("num_matches") long numMatches,
        @JsonProperty("cache_hit_rate") double cacheHitRate,
        @JsonProperty("max_fanout") int maxFanout,
        @JsonProperty("avg_fanout") double avgFanout) {

    /**
     * @param index the account's index
     * @param numSubscriptions the subscriptions to report (0 for an account not shown)
     * @param caches the live connections' match caches
     * @return the statistics
     */
    static SublistStats of(SubjectIndex index, int numSubscriptions, Iterable<MatchCache> caches) {
        long lookups = index.retiredLookups() + index.directMatches();
        long hits = index.retiredHits();
        int[] entries = new int[1];
        int[] max = new int[1];
        long[] total = new long[1];
        for (MatchCache cache : caches) {
            lookups += cache.lookups();
            hits += cache.hits();
            cache.forEachValid(r -> {
                int fanout = r.plain().length + r.queues().length;
                entries[0]++;
                total[0] += fanout;
                max[0] = Math.max(max[0], fanout);
            });
        }
        double hitRate = lookups == 0 ? 0 : (double) hits / lookups;
        double avg = entries[0] == 0 ? 0 : (double) total[0] / entries[0];
        return new SublistStats(numSubscriptions, entries[0], index.inserts(), index.removes(), lookups,
                hitRate, max[0], avg);
    }
}
