package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The /connz answer: one page of the connections.
 *
 * @param serverId the server id ("" when an unknown account was asked for, as nats-server)
 * @param now when this answer was made (UTC)
 * @param numConnections the connections on this page
 * @param total the connections before paging
 * @param offset the page's first index
 * @param limit the page size
 * @param connections the page; null (printed as {@code null}) only for an unknown account
 */
public record Connz(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("now") String now,
        @JsonProperty("num_connections") int numConnections,
        @JsonProperty("total") int total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("connections") List<ConnInfo> connections) {
}
