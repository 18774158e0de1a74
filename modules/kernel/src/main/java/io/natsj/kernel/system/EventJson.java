package io.natsj.kernel.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON shapes of nats-server 2.9.10's system events and responses, field for field and
 * in its order; empty fields are left out where Go's {@code omitempty} leaves them out.
 */
final class EventJson {

    static final String CONNECT_TYPE = "io.nats.server.advisory.v1.client_connect";
    static final String DISCONNECT_TYPE = "io.nats.server.advisory.v1.client_disconnect";
    static final String ACCOUNT_CONNS_TYPE = "io.nats.server.advisory.v1.account_connections";

    private EventJson() {
    }

    /** Who sent an event: every event and response carries it. */
    record ServerInfo(@JsonProperty("name") String name, @JsonProperty("host") String host,
                      @JsonProperty("id") String id, @JsonProperty("ver") String ver,
                      @JsonProperty("seq") long seq, @JsonProperty("jetstream") boolean jetstream,
                      @JsonProperty("time") String time) {
    }

    /** Message and byte counts. */
    record DataStats(@JsonProperty("msgs") long msgs, @JsonProperty("bytes") long bytes) {
    }

    /** The client an advisory is about. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ClientInfo(@JsonProperty("start") String start, @JsonProperty("host") String host,
                      @JsonProperty("id") long id, @JsonProperty("acc") String acc,
                      @JsonProperty("user") String user, @JsonProperty("name") String name,
                      @JsonProperty("lang") String lang, @JsonProperty("ver") String ver,
                      @JsonProperty("rtt") long rtt, @JsonProperty("stop") String stop,
                      @JsonProperty("kind") String kind, @JsonProperty("client_type") String clientType) {
    }

    record ConnectEvent(@JsonProperty("type") String type, @JsonProperty("id") String id,
                        @JsonProperty("timestamp") String timestamp, @JsonProperty("server") ServerInfo server,
                        @JsonProperty("client") ClientInfo client) {
    }

    record DisconnectEvent(@JsonProperty("type") String type, @JsonProperty("id") String id,
                           @JsonProperty("timestamp") String timestamp, @JsonProperty("server") ServerInfo server,
                           @JsonProperty("client") ClientInfo client, @JsonProperty("sent") DataStats sent,
                           @JsonProperty("received") DataStats received, @JsonProperty("reason") String reason) {
    }

    record AccountConnsEvent(@JsonProperty("type") String type, @JsonProperty("id") String id,
                             @JsonProperty("timestamp") String timestamp, @JsonProperty("server") ServerInfo server,
                             @JsonProperty("acc") String acc, @JsonProperty("conns") int conns,
                             @JsonProperty("leafnodes") int leafnodes, @JsonProperty("total_conns") int totalConns,
                             @JsonProperty("sent") DataStats sent, @JsonProperty("received") DataStats received,
                             @JsonProperty("slow_consumers") long slowConsumers) {
    }

    /** A request for the peers' counts of an account (nats-server's {@code accNumConnsReq}). */
    record AccountConnsRequest(@JsonProperty("server") ServerInfo server, @JsonProperty("acc") String acc) {
    }

    /** The server's statistics, as STATSZ reports them. */
    record Statsz(@JsonProperty("start") String start, @JsonProperty("mem") long mem,
                  @JsonProperty("cores") int cores, @JsonProperty("cpu") double cpu,
                  @JsonProperty("connections") int connections,
                  @JsonProperty("total_connections") long totalConnections,
                  @JsonProperty("active_accounts") int activeAccounts,
                  @JsonProperty("subscriptions") int subscriptions, @JsonProperty("sent") DataStats sent,
                  @JsonProperty("received") DataStats received,
                  @JsonProperty("slow_consumers") long slowConsumers,
                  @JsonProperty("active_servers") int activeServers) {
    }

    record StatszMessage(@JsonProperty("server") ServerInfo server, @JsonProperty("statsz") Statsz statsz) {
    }

    /** A response to a {@code $SYS.REQ.SERVER} request: data or an error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiResponse(@JsonProperty("server") ServerInfo server, @JsonProperty("data") JsonNode data,
                       @JsonProperty("error") ApiError error) {
    }

    record ApiError(@JsonProperty("code") int code, @JsonProperty("description") String description) {
    }
}
