package io.natsj.topology.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
/**
 * A route CONNECT, sent by the soliciting side only: nats-server 2.9.10's {@code connectInfo}
 * field names and order. {@code name} is the sender's server id, not its name. {@code lang}
 * and {@code gateway} are only read, to refuse a client or a gateway on the route port.
 */
@JsonPropertyOrder({"echo", "verbose", "pedantic", "user", "pass", "tls_required", "headers", "name",
    "cluster", "cluster_dynamic", "lnoc"})
final class RouteConnect {

    @JsonProperty("echo") public boolean echo = true;
    @JsonProperty("verbose") public boolean verbose;
    @JsonProperty("pedantic") public boolean pedantic;
    @JsonProperty("user") @JsonInclude(JsonInclude.Include.NON_EMPTY) public String user;
    @JsonProperty("pass") @JsonInclude(JsonInclude.Include.NON_EMPTY) public String pass;
    @JsonProperty("tls_required") public boolean tlsRequired;
    @JsonProperty("headers") public boolean headers;
    @JsonProperty("name") public String name;
    @JsonProperty("cluster") public String cluster;
    @JsonProperty("cluster_dynamic") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean clusterDynamic;
    @JsonProperty("lnoc") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean lnoc;

    @JsonProperty(value = "lang", access = JsonProperty.Access.WRITE_ONLY) public String lang;
    @JsonProperty(value = "gateway", access = JsonProperty.Access.WRITE_ONLY) public String gateway;
}
