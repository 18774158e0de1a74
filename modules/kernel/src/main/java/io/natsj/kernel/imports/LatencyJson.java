package io.natsj.kernel.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON of nats-server 2.9.10's {@code io.nats.server.metric.v1.service_latency}, field for
 * field and in its order; durations are nanoseconds (Go's {@code time.Duration}), empty fields
 * left out where Go's {@code omitempty} leaves them out.
 */
final class LatencyJson {

    static final String TYPE = "io.nats.server.metric.v1.service_latency";

    private LatencyJson() {
    }

    /** A client taking part in the request: the requestor shows only its account and RTT. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ClientInfo(@JsonProperty("start") String start, @JsonProperty("host") String host,
                      @JsonProperty("id") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long id,
                      @JsonProperty("acc") @JsonInclude(JsonInclude.Include.ALWAYS) String acc,
                      @JsonProperty("user") String user, @JsonProperty("name") String name,
                      @JsonProperty("lang") String lang, @JsonProperty("ver") String ver,
                      @JsonProperty("rtt") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long rtt, @JsonProperty("server") String server,
                      @JsonProperty("jwt") String jwt, @JsonProperty("issuer_key") String issuerKey,
                      @JsonProperty("name_tag") String nameTag, @JsonProperty("tags") List<String> tags,
                      @JsonProperty("kind") String kind, @JsonProperty("client_type") String clientType) {

        static ClientInfo requestor(String acc, long rtt) {
            return new ClientInfo(null, null, 0, acc, null, null, null, null, rtt, null, null, null, null, null,
                    null, null);
        }
    }

    /**
     * The metric; {@code responder} is a {@link ClientInfo}, or the JSON object another server
     * sent in its measurement.
     */
    record Metric(@JsonProperty("type") String type, @JsonProperty("id") String id,
                  @JsonProperty("timestamp") String timestamp, @JsonProperty("status") int status,
                  @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_EMPTY) String description,
                  @JsonProperty("requestor") @JsonInclude(JsonInclude.Include.NON_NULL) ClientInfo requestor,
                  @JsonProperty("responder") @JsonInclude(JsonInclude.Include.NON_NULL) Object responder,
                  @JsonProperty("header") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> header,
                  @JsonProperty("start") String start, @JsonProperty("service") long service,
                  @JsonProperty("system") long system, @JsonProperty("total") long total) {
    }

    /** nats-server's {@code remoteLatency}: the responder's server's half, sent to the requestor's. */
    record Remote(@JsonProperty("account") String account, @JsonProperty("req_id") String reqId,
                  @JsonProperty("m2") Metric m2) {
    }
}
