package io.natsj.topology.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
/**
 * A route INFO: what a server tells a peer about itself (and, forwarded, about a third
 * server). Field names and order are nats-server 2.9.10's {@code Info} struct; the keys Go
 * marks {@code omitempty} are left out when empty. Of the 2.10 pooling keys,
 * {@code route_pool_size} and {@code route_pool_idx} are written when natsj pools (omitted when
 * 0, as Go's omitempty); {@code route_account} is only read, so a pinned-account connection is
 * recognised and never registered.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"server_id", "server_name", "version", "proto", "git_commit", "go", "host", "port",
    "headers", "auth_required", "tls_required", "tls_verify", "max_payload", "jetstream", "ip", "nonce",
    "cluster", "cluster_dynamic", "domain", "connect_urls", "ws_connect_urls", "ldm", "import", "export",
    "lnoc", "route_pool_size", "route_pool_idx", "gateway", "gateway_urls", "gateway_url", "gateway_cmd",
    "leafnode_urls", "natsj_version", "java"})
final class RouteInfo {

    @JsonProperty("server_id") @JsonInclude(JsonInclude.Include.ALWAYS) public String serverId;
    @JsonProperty("server_name") @JsonInclude(JsonInclude.Include.ALWAYS) public String serverName;
    @JsonProperty("version") @JsonInclude(JsonInclude.Include.ALWAYS) public String version;
    @JsonProperty("proto") @JsonInclude(JsonInclude.Include.ALWAYS) public int proto;
    @JsonProperty("git_commit") public String gitCommit;
    @JsonProperty("go") public String go;
    @JsonProperty("host") @JsonInclude(JsonInclude.Include.ALWAYS) public String host;
    @JsonProperty("port") @JsonInclude(JsonInclude.Include.ALWAYS) public int port;
    @JsonProperty("headers") @JsonInclude(JsonInclude.Include.ALWAYS) public boolean headers;
    @JsonProperty("auth_required") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean authRequired;
    @JsonProperty("tls_required") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean tlsRequired;
    @JsonProperty("tls_verify") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean tlsVerify;
    @JsonProperty("max_payload") @JsonInclude(JsonInclude.Include.ALWAYS) public long maxPayload;
    @JsonProperty("jetstream") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean jetstream;
    @JsonProperty("ip") public String ip;
    @JsonProperty("nonce") public String nonce;
    @JsonProperty("cluster") public String cluster;
    @JsonProperty("cluster_dynamic") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean clusterDynamic;
    @JsonProperty("domain") public String domain;
    @JsonProperty("connect_urls") public List<String> connectUrls;
    @JsonProperty("ws_connect_urls") public List<String> wsConnectUrls;
    @JsonProperty("ldm") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean lameDuckMode;
    @JsonProperty("import") public JsonNode importPermissions;
    @JsonProperty("export") public JsonNode exportPermissions;
    @JsonProperty("lnoc") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public boolean lnoc;
    // Gateways: gateway_url is this server's; the others tell of another cluster (gateway_cmd 1).
    @JsonProperty("gateway") public String gateway;
    @JsonProperty("gateway_urls") public List<String> gatewayUrls;
    @JsonProperty("gateway_url") public String gatewayUrl;
    @JsonProperty("gateway_cmd") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public int gatewayCmd;
    @JsonProperty("leafnode_urls") public List<String> leafnodeUrls;
    @JsonProperty("natsj_version") public String natsjVersion;
    @JsonProperty("java") public String java;

    // Pooling (nats-server 2.10): sent only with cluster.pool_size > 1.
    @JsonProperty("route_pool_size") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public int routePoolSize;
    @JsonProperty("route_pool_idx") @JsonInclude(JsonInclude.Include.NON_DEFAULT) public int routePoolIdx;
    // Read only: natsj does not pin accounts, so it never sends it.
    @JsonProperty(value = "route_account", access = JsonProperty.Access.WRITE_ONLY) public String routeAccount;

    /** @return a copy of every field, to forward as gossip or to fill in per connection */
    RouteInfo copy() {
        RouteInfo c = new RouteInfo();
        c.serverId = serverId;
        c.serverName = serverName;
        c.version = version;
        c.proto = proto;
        c.gitCommit = gitCommit;
        c.go = go;
        c.host = host;
        c.port = port;
        c.headers = headers;
        c.authRequired = authRequired;
        c.tlsRequired = tlsRequired;
        c.tlsVerify = tlsVerify;
        c.maxPayload = maxPayload;
        c.jetstream = jetstream;
        c.ip = ip;
        c.nonce = nonce;
        c.cluster = cluster;
        c.clusterDynamic = clusterDynamic;
        c.domain = domain;
        c.connectUrls = connectUrls;
        c.wsConnectUrls = wsConnectUrls;
        c.lameDuckMode = lameDuckMode;
        c.importPermissions = importPermissions;
        c.exportPermissions = exportPermissions;
        c.lnoc = lnoc;
        c.routePoolSize = routePoolSize;
        c.routePoolIdx = routePoolIdx;
        c.gateway = gateway;
        c.gatewayUrls = gatewayUrls;
        c.gatewayUrl = gatewayUrl;
        c.gatewayCmd = gatewayCmd;
        c.leafnodeUrls = leafnodeUrls;
        c.natsjVersion = natsjVersion;
        c.java = java;
        return c;
    }
}
