package io.natsj.topology.leafnodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of leaf INFO and CONNECT lines, read with Jackson. INFO has the structure
 * nats-server uses for every connection kind; a leaf's CONNECT is nats-server's
 * {@code leafConnectInfo}.
 */
final class LeafJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LeafJson() {
    }

    /**
     * What one side reads of the other's INFO or CONNECT.
     *
     * @param serverId {@code server_id} (INFO) or {@code server_id} (CONNECT)
     * @param name {@code server_name} (INFO) or {@code name} (CONNECT)
     * @param cid {@code client_id}: a leaf port's INFO always has one
     * @param leafUrls {@code leafnode_urls}, null when absent (the port is not a leaf port)
     * @param headers {@code headers}
     * @param infoOnConnect {@code info_on_connect}: a second INFO follows CONNECT
     * @param connectInfo {@code connect_info}: this is that second INFO
     * @param remoteAccount {@code remote_account}: the account the hub bound the leaf to
     * @param user CONNECT's {@code user}
     * @param pass CONNECT's {@code pass}
     * @param lang CONNECT's {@code lang}: only clients send one
     * @param gateway CONNECT's {@code gateway}: only gateways send one
     * @param cluster the peer's cluster name, or ""
     * @param domain the peer's JetStream domain ({@code domain}), or ""
     * @param tlsRequired INFO's {@code tls_required}: the hub runs TLS after this INFO
     * @param nonce INFO's {@code nonce}, for the leaf to sign, or null
     * @param jwt CONNECT's {@code jwt}: the leaf's user JWT, or null
     * @param sig CONNECT's {@code sig}: the nonce signed with the user's seed, or null
     * @param importPerms INFO's {@code import} ({@code allow}/{@code deny} lists): what the hub
     *        lets the leaf subscribe to, or null
     * @param exportPerms INFO's {@code export}: what the hub lets the leaf publish, or null
     * @param denyPub CONNECT's {@code deny_pub}: the leaf's {@code deny_imports}
     * @param wsUrls INFO's {@code ws_connect_urls}: the hub cluster's WebSocket URLs, or null
     */
    record Peer(String serverId, String name, long cid, List<String> leafUrls, boolean headers,
            boolean infoOnConnect, boolean connectInfo, String remoteAccount, String user, String pass,
            String lang, String gateway, String cluster, String domain, boolean tlsRequired, String nonce,
            String jwt, String sig, Map<String, List<String>> importPerms, Map<String, List<String>> exportPerms,
            List<String> denyPub, List<String> wsUrls) {
    }

    /**
     * @param json an INFO's or CONNECT's JSON, not released
     * @return what a leaf connection reads of it
     * @throws IOException when it is not a JSON object
     */
    static Peer read(ByteBuf json) throws IOException {
        JsonNode n;
        try (ByteBufInputStream in = new ByteBufInputStream(json.duplicate())) {
            n = MAPPER.readTree((java.io.InputStream) in);
        }
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        List<String> urls = null;
        if (n.has("leafnode_urls") && n.get("leafnode_urls").isArray()) {
            urls = new ArrayList<>();
            for (JsonNode u : n.get("leafnode_urls")) {
                urls.add(u.asText());
            }
        }
        String name = n.path("server_name").asText(n.path("name").asText(""));
        return new Peer(n.path("server_id").asText(""), name, n.path("client_id").asLong(0), urls,
                n.path("headers").asBoolean(false), n.path("info_on_connect").asBoolean(false),
                n.path("connect_info").asBoolean(false), n.path("remote_account").asText(""),
                text(n, "user"), text(n, "pass"), n.path("lang").asText(""), n.path("gateway").asText(""),
                n.path("cluster").asText(""), n.path("domain").asText(""), n.path("tls_required").asBoolean(false),
                text(n, "nonce"), text(n, "jwt"), text(n, "sig"), rules(n.get("import")), rules(n.get("export")),
                strings(n.get("deny_pub")), n.has("ws_connect_urls") ? strings(n.get("ws_connect_urls")) : null);
    }

    /** @return a SubjectPermission's {@code allow} and {@code deny} lists, or null when absent */
    private static Map<String, List<String>> rules(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        return Map.of("allow", strings(n.get("allow")), "deny", strings(n.get("deny")));
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            out.add(s.asText());
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** @return the base of every INFO nats-server writes, in its order; mutable */
    static Map<String, Object> bareInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", "");
        m.put("server_name", "");
        m.put("version", "");
        m.put("proto", 1);
        m.put("go", "");
        m.put("host", "");
        m.put("port", 0);
        m.put("headers", false);
        m.put("max_payload", 0);
        return m;
    }

    /** @return {@code INFO <json> \r\n}: a blank before CRLF, as nats-server writes a leaf's INFO */
    static String infoLine(Map<String, Object> fields) {
        return "INFO " + write(fields) + " \r\n";
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
