package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One connection in /connz, with nats-server 2.9.10's field names and order. Null fields are
 * left out, as Go's {@code omitempty} leaves out empty ones.
 *
 * @param cid the connection id
 * @param kind always {@code Client}
 * @param type always {@code nats}
 * @param ip the peer address
 * @param port the peer port
 * @param start when the connection was accepted
 * @param lastActivity when the client last sent an operation
 * @param stop when it closed (closed connections only)
 * @param reason why it closed (closed connections only)
 * @param rtt the last measured round trip, Go duration form
 * @param uptime time since start
 * @param idle time since the last activity
 * @param pendingBytes bytes waiting to be written
 * @param inMsgs messages received
 * @param outMsgs messages sent
 * @param inBytes body bytes received
 * @param outBytes body bytes sent
 * @param subscriptions the number of subscriptions
 * @param name the client's CONNECT name
 * @param lang the client's CONNECT lang
 * @param version the client's CONNECT version
 * @param authorizedUser the user the client presented (with {@code auth=true})
 * @param account the account, when not the global one (with {@code auth=true})
 * @param jwt the client's JWT (with {@code auth=true})
 * @param subscriptionsList the subscription subjects (with {@code subs=true})
 * @param subscriptionsListDetail the subscriptions in detail (with {@code subs=detail})
 */
public record ConnInfo(
        @JsonProperty("cid") long cid,
        @JsonProperty("kind") String kind,
        @JsonProperty("type") String type,
        @JsonProperty("ip") String ip,
        @JsonProperty("port") int port,
        @JsonProperty("start") String start,
        @JsonProperty("last_activity") String lastActivity,
        @JsonProperty("stop") String stop,
        @JsonProperty("reason") String reason,
        @JsonProperty("rtt") String rtt,
        @JsonProperty("uptime") String uptime,
        @JsonProperty("idle") String idle,
        @JsonProperty("pending_bytes") long pendingBytes,
        @JsonProperty("in_msgs") long inMsgs,
        @JsonProperty("out_msgs") long outMsgs,
        @JsonProperty("in_bytes") long inBytes,
        @JsonProperty("out_bytes") long outBytes,
        @JsonProperty("subscriptions") int subscriptions,
        @JsonProperty("name") String name,
        @JsonProperty("lang") String lang,
        @JsonProperty("version") String version,
        @JsonProperty("authorized_user") String authorizedUser,
        @JsonProperty("account") String account,
        @JsonProperty("jwt") String jwt,
        @JsonProperty("subscriptions_list") List<String> subscriptionsList,
        @JsonProperty("subscriptions_list_detail") List<SubDetail> subscriptionsListDetail) {
}
