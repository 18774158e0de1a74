package io.natsj.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The INFO block, with nats-server's field names and order. The fields nats-server marks
 * {@code omitempty} are left out when unset, as there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"server_id", "server_name", "version", "proto", "git_commit", "go", "host", "port",
    "headers", "auth_required", "tls_required", "tls_verify", "tls_available", "max_payload", "jetstream",
    "client_id", "client_ip", "nonce", "cluster", "connect_urls", "ldm", "natsj_version", "java"})
public final class ServerInfo {

    @JsonProperty("server_id") public String serverId;
    @JsonProperty("server_name") public String serverName;
    @JsonProperty("version") public String version;
    @JsonProperty("proto") public int proto = 1;
    @JsonProperty("go") public String go;
    @JsonProperty("host") public String host;
    @JsonProperty("port") public int port;
    @JsonProperty("headers") public boolean headers = true;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("auth_required") public boolean authRequired;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("tls_required") public boolean tlsRequired;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("tls_verify") public boolean tlsVerify;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("tls_available") public boolean tlsAvailable;
    @JsonProperty("max_payload") public long maxPayload;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("jetstream") public boolean jetstream;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("client_id") public long clientId;
    @JsonProperty("client_ip") public String clientIp;
    @JsonProperty("nonce") public String nonce;
    @JsonProperty("cluster") public String cluster;
    @JsonProperty("connect_urls") public List<String> connectUrls;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonProperty("ldm") public boolean lameDuckMode;
    @JsonProperty("natsj_version") public String natsjVersion;
    @JsonProperty("java") public String java;

    /** @return a field-by-field copy, to fill in per-connection fields */
    public ServerInfo copy() {
        ServerInfo c = new ServerInfo();
        c.serverId = serverId;
        c.serverName = serverName;
        c.version = version;
        c.proto = proto;
        c.go = go;
        c.host = host;
        c.port = port;
        c.headers = headers;
        c.authRequired = authRequired;
        c.tlsRequired = tlsRequired;
        c.tlsVerify = tlsVerify;
        c.tlsAvailable = tlsAvailable;
        c.maxPayload = maxPayload;
        c.jetstream = jetstream;
        c.clientId = clientId;
        c.clientIp = clientIp;
        c.nonce = nonce;
        c.cluster = cluster;
        c.connectUrls = connectUrls;
        c.lameDuckMode = lameDuckMode;
        c.natsjVersion = natsjVersion;
        c.java = java;
        return c;
    }
}
