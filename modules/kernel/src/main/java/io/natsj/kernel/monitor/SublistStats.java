package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The subscription index statistics /subsz prints (alone when no subscription list is
 * asked for). natsj's index counts only its subscriptions: the insert, remove, match, cache
 * and fanout figures nats-server's sublist keeps are reported as 0.
 *
 * @param numSubscriptions the subscriptions held
 * @param numCache cached match results (not tracked: 0)
 * @param numInserts insertions since start (not tracked: 0)
 * @param numRemoves removals since start (not tracked: 0)
 * @param numMatches matches computed (not tracked: 0)
 * @param cacheHitRate cache hits per match (not tracked: 0)
 * @param maxFanout the largest match result cached (not tracked: 0)
 * @param avgFanout the mean match result size cached (not tracked: 0)
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
     * @param numSubscriptions the subscriptions held
     * @return the statistics natsj knows
     */
    static SublistStats ofCount(int numSubscriptions) {
        return new SublistStats(numSubscriptions, 0, 0, 0, 0, 0, 0, 0);
    }
}
