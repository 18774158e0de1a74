package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The /varz answer: nats-server 2.9.10's general server information, field for field and in
 * its order, except that natsj prints {@code natsj_version} after {@code version} and
 * {@code java} where nats-server prints {@code go}.
 *
 * @param serverId the server's NKey id
 * @param serverName the configured name, or the id
 * @param version the nats-server version natsj behaves as
 * @param natsjVersion natsj's own version
 * @param proto the client protocol version
 * @param java the Java runtime version
 * @param host the client listener's interface
 * @param port the client port
 * @param authRequired true when clients must authenticate (even with {@code no_auth_user}, as
 *        nats-server reports it), null (omitted) otherwise
 * @param tlsRequired true when the client port requires TLS, null (omitted) otherwise
 * @param tlsVerify true when client certificates are required, null (omitted) otherwise
 * @param connectUrls the client URLs INFO announces (this server's and the cluster's), null
 *        (omitted) while there are none, as for a server without peers
 * @param maxConnections {@code max_connections}
 * @param maxSubscriptions {@code max_subscriptions}, null (omitted) when unlimited
 * @param pingInterval the ping interval, Go duration nanoseconds
 * @param pingMax unanswered pings before a connection is stale
 * @param httpHost the monitoring interface
 * @param httpPort the monitoring port
 * @param httpBasePath always empty: natsj serves the endpoints at the root
 * @param httpsPort always 0: natsj has no HTTPS monitoring
 * @param authTimeout seconds a client has to authenticate
 * @param maxControlLine {@code max_control_line}
 * @param maxPayload {@code max_payload}
 * @param maxPending {@code max_pending}
 * @param cluster cluster options, empty without a cluster
 * @param gateway gateway options, empty without gateways
 * @param leaf leaf node options, empty without leaf nodes
 * @param mqtt MQTT options, empty
 * @param websocket websocket options, empty
 * @param jetstream JetStream information, empty
 * @param tlsTimeout seconds a TLS handshake may take
 * @param writeDeadline the write deadline, Go duration nanoseconds
 * @param start when the server started (local time)
 * @param now when this answer was made (UTC)
 * @param uptime the time since start, e.g. {@code 1h2m3s}
 * @param mem the process's resident memory in bytes
 * @param cores the processors available
 * @param gomaxprocs the same as cores: the JVM has no separate limit
 * @param cpu CPU percent of one core
 * @param connections the open client connections
 * @param totalConnections the client connections accepted since start
 * @param routes always 0: no routes yet
 * @param remotes the route peers (nats-server: its remotes map, one per peer server)
 * @param leafnodes always 0: no leaf nodes yet
 * @param inMsgs messages received from clients since start
 * @param outMsgs messages sent to clients since start
 * @param inBytes body bytes received since start
 * @param outBytes body bytes sent since start
 * @param slowConsumers connections closed as slow consumers
 * @param subscriptions the subscriptions held
 * @param httpReqStats requests served per endpoint path
 * @param configLoadTime when the configuration was loaded (local time)
 */
public record Varz(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("server_name") String serverName,
        @JsonProperty("version") String version,
        @JsonProperty("natsj_version") String natsjVersion,
        @JsonProperty("proto") int proto,
        @JsonProperty("java") String java,
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("auth_required") Boolean authRequired,
        @JsonProperty("tls_required") Boolean tlsRequired,
        @JsonProperty("tls_verify") Boolean tlsVerify,
        @JsonProperty("connect_urls") List<String> connectUrls,
        @JsonProperty("max_connections") int maxConnections,
        @JsonProperty("max_subscriptions") Integer maxSubscriptions,
        @JsonProperty("ping_interval") long pingInterval,
        @JsonProperty("ping_max") int pingMax,
        @JsonProperty("http_host") String httpHost,
        @JsonProperty("http_port") int httpPort,
        @JsonProperty("http_base_path") String httpBasePath,
        @JsonProperty("https_port") int httpsPort,
        @JsonProperty("auth_timeout") double authTimeout,
        @JsonProperty("max_control_line") int maxControlLine,
        @JsonProperty("max_payload") int maxPayload,
        @JsonProperty("max_pending") long maxPending,
        @JsonProperty("cluster") Map<String, Object> cluster,
        @JsonProperty("gateway") Map<String, Object> gateway,
        @JsonProperty("leaf") Map<String, Object> leaf,
        @JsonProperty("mqtt") Map<String, Object> mqtt,
        @JsonProperty("websocket") Map<String, Object> websocket,
        @JsonProperty("jetstream") Map<String, Object> jetstream,
        @JsonProperty("tls_timeout") double tlsTimeout,
        @JsonProperty("write_deadline") long writeDeadline,
        @JsonProperty("start") String start,
        @JsonProperty("now") String now,
        @JsonProperty("uptime") String uptime,
        @JsonProperty("mem") long mem,
        @JsonProperty("cores") int cores,
        @JsonProperty("gomaxprocs") int gomaxprocs,
        @JsonProperty("cpu") double cpu,
        @JsonProperty("connections") int connections,
        @JsonProperty("total_connections") long totalConnections,
        @JsonProperty("routes") int routes,
        @JsonProperty("remotes") int remotes,
        @JsonProperty("leafnodes") int leafnodes,
        @JsonProperty("in_msgs") long inMsgs,
        @JsonProperty("out_msgs") long outMsgs,
        @JsonProperty("in_bytes") long inBytes,
        @JsonProperty("out_bytes") long outBytes,
        @JsonProperty("slow_consumers") long slowConsumers,
        @JsonProperty("subscriptions") int subscriptions,
        @JsonProperty("http_req_stats") Map<String, Long> httpReqStats,
        @JsonProperty("config_load_time") String configLoadTime,
        @JsonProperty("system_account") String systemAccount) {
}
