package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * The /subsz answer when it lists subscriptions ({@code subs=1} and at least one on the
 * page): the statistics inline, then the page.
 *
 * @param serverId the server id
 * @param now when this answer was made (UTC)
 * @param stats the index statistics, printed inline
 * @param total the subscriptions on this page (nats-server 2.9.10 counts the page, not the matches)
 * @param offset the page's first index
 * @param limit the page size
 * @param subscriptionsList the page
 */
public record Subsz(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("now") String now,
        @JsonUnwrapped SublistStats stats,
        @JsonProperty("total") int total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonProperty("subscriptions_list") List<SubDetail> subscriptionsList) {
}
