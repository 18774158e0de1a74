package io.natsj.kernel.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The INFO block, written by {@link #toJson()} with nats-server's field names and order. The
 * fields nats-server marks {@code omitempty} are left out when unset, as there.
 */
public final class ServerInfo {

    public String serverId;
    public String serverName;
    public String version;
    public int proto = 1;
    public String go;
    public String host;
    public int port;
    public boolean headers = true;
    public boolean authRequired;
    public boolean tlsRequired;
    public boolean tlsVerify;
    public boolean tlsAvailable;
    public long maxPayload;
    public boolean jetstream;
    /** Fields service plugins add besides {@code jetstream} (e.g. {@code domain}), written after it. */
    public Map<String, Object> serviceFields = Map.of();
    public long clientId;
    public String clientIp;
    public String nonce;
    public String cluster;
    public List<String> connectUrls;
    public boolean lameDuckMode;
    public String natsjVersion;
    public String java;

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The JSON of INFO, in nats-server's order and with its omissions, written field by field:
     * every connection's first line comes from here, and the object mapper's first use
     * (introspection, annotation proxies) put a hundred milliseconds of CPU on each start.
     *
     * @return the JSON object
     */
    public String toJson() {
        var out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            string(g, "server_id", serverId);
            string(g, "server_name", serverName);
            string(g, "version", version);
            g.writeNumberField("proto", proto);
            string(g, "go", go);
            string(g, "host", host);
            g.writeNumberField("port", port);
            g.writeBooleanField("headers", headers);
            flag(g, "auth_required", authRequired);
            flag(g, "tls_required", tlsRequired);
            flag(g, "tls_verify", tlsVerify);
            flag(g, "tls_available", tlsAvailable);
            g.writeNumberField("max_payload", maxPayload);
            flag(g, "jetstream", jetstream);
            for (var e : serviceFields.entrySet()) {
                g.writeFieldName(e.getKey());
                switch (e.getValue()) {
                    case Boolean b -> g.writeBoolean(b);
                    case Long l -> g.writeNumber(l);
                    case Integer n -> g.writeNumber(n);
                    default -> g.writeString(String.valueOf(e.getValue()));
                }
            }
            if (clientId != 0) {
                g.writeNumberField("client_id", clientId);
            }
            string(g, "client_ip", clientIp);
            string(g, "nonce", nonce);
            string(g, "cluster", cluster);
            if (connectUrls != null) {
                g.writeArrayFieldStart("connect_urls");
                for (String url : connectUrls) {
                    g.writeString(url);
                }
                g.writeEndArray();
            }
            flag(g, "ldm", lameDuckMode);
            string(g, "natsj_version", natsjVersion);
            string(g, "java", java);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("INFO could not be written", e);
        }
        return out.toString();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void flag(JsonGenerator g, String name, boolean value) throws IOException {
        if (value) {
            g.writeBooleanField(name, true);
        }
    }

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
        c.serviceFields = serviceFields;
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
