package io.natsj.topology.gateways;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of gateway INFO and CONNECT lines. INFO is the same structure nats-server uses for
 * clients and routes: its non-optional fields are always written, the gateway fields only when
 * set; {@code gateway_cmd_payload} is bytes, so base64 (Go's encoding of {@code []byte}).
 */
final class GatewayJson {

    /** An INFO announcing another cluster's gateway URLs (implicit discovery). */
    static final int CMD_GOSSIP = 1;
    /** An INFO saying the RS+ of every subscription of an account follow (interest-only mode). */
    static final int CMD_ALL_SUBS_START = 2;
    /** An INFO saying they are all sent: the account is interest-only. */
    static final int CMD_ALL_SUBS_COMPLETE = 3;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GatewayJson() {
    }

    /**
     * The peer's INFO or CONNECT as read.
     *
     * @param serverId {@code server_id} (INFO) or {@code name} (CONNECT)
     * @param serverName {@code server_name}
     * @param gateway the peer's gateway name
     * @param gatewayUrls {@code gateway_urls}
     * @param gatewayUrl {@code gateway_url}
     * @param cmd {@code gateway_cmd}, 0 for none
     * @param cmdPayload {@code gateway_cmd_payload} decoded, or null
     * @param headers {@code headers}
     * @param interestOnly {@code gateway_iom}
     * @param user CONNECT {@code user}, "" when absent
     * @param pass CONNECT {@code pass}, "" when absent
     */
    record Peer(String serverId, String serverName, String gateway, List<String> gatewayUrls, String gatewayUrl,
            int cmd, String cmdPayload, boolean headers, boolean interestOnly, String user, String pass) {
    }

    /**
     * @param json an INFO's or CONNECT's JSON, not released
     * @return what a gateway reads of it
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
        List<String> urls = new ArrayList<>();
        for (JsonNode u : n.path("gateway_urls")) {
            urls.add(u.asText());
        }
        String payload = null;
        if (n.hasNonNull("gateway_cmd_payload")) {
            payload = new String(Base64.getDecoder().decode(n.get("gateway_cmd_payload").asText()),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        String id = n.path("server_id").asText(n.path("name").asText(""));
        return new Peer(id, n.path("server_name").asText(""), n.path("gateway").asText(""), List.copyOf(urls),
                n.path("gateway_url").asText(""), n.path("gateway_cmd").asInt(0), payload,
                n.path("headers").asBoolean(false), n.path("gateway_iom").asBoolean(false),
                n.path("user").asText(""), n.path("pass").asText(""));
    }

    /**
     * @param fields the INFO's fields, in order
     * @return the whole line
     */
    static String infoLine(Map<String, Object> fields) {
        return "INFO " + write(fields) + "\r\n";
    }

    /**
     * The base of every INFO nats-server writes: the non-optional fields, empty.
     *
     * @return a mutable ordered map
     */
    static Map<String, Object> bareInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", "");
        m.put("server_name", "");
        m.put("version", "");
        m.put("proto", 0);
        m.put("go", "");
        m.put("host", "");
        m.put("port", 0);
        m.put("headers", false);
        m.put("max_payload", 0);
        return m;
    }

    /**
     * @param gateway this cluster's gateway name
     * @param cmd the command
     * @param account the account it is about
     * @return the INFO line of an interest-mode command
     */
    static String commandLine(String gateway, int cmd, String account) {
        Map<String, Object> m = bareInfo();
        m.put("gateway", gateway);
        m.put("gateway_cmd", cmd);
        m.put("gateway_cmd_payload", account.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return infoLine(m);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
