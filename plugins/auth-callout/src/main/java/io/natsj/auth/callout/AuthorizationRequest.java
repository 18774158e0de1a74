package io.natsj.auth.callout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.auth.AuthRequest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The claims of an authorization request as nats-server writes them
 * ({@code nats.type: authorization_request}): the server, the client, its CONNECT options and
 * TLS details, and the user NKey the response must be for. Subject: the callout issuer;
 * audience: {@code nats-authorization-request}; signed by the server's NKey.
 */
final class AuthorizationRequest {

    /** The audience nats-server gives every request. */
    static final String AUDIENCE = "nats-authorization-request";

    private AuthorizationRequest() {
    }

    /**
     * @param request the CONNECT
     * @param server this server
     * @param subject the callout issuer
     * @param userNkey the user public key the response's user JWT must be for
     * @param serverXkey the server's curve public key when requests are encrypted, or null
     * @param timeout how long the request is valid
     * @param signer signs as the server
     * @return the JWT
     */
    static String encode(AuthRequest request, ServerIdentity server, String subject, String userNkey,
                         String serverXkey, Duration timeout, Function<byte[], byte[]> signer) {
        ObjectNode claims = CompactJwt.JSON.createObjectNode();
        long now = Instant.now().getEpochSecond();
        claims.put("aud", AUDIENCE);
        claims.put("exp", now + Math.max(1, timeout.toSeconds()));
        claims.put("iat", now);
        claims.put("iss", server.serverId());
        claims.put("sub", subject);
        ObjectNode nats = claims.putObject("nats");
        ObjectNode serverId = nats.putObject("server_id");
        serverId.put("name", server.serverName());
        serverId.put("host", "");
        serverId.put("id", server.serverId());
        serverId.put("version", server.compatibleVersion());
        if (serverXkey != null) {
            serverId.put("xkey", serverXkey);
        }
        nats.put("user_nkey", userNkey);
        ObjectNode client = nats.putObject("client_info");
        var remote = request.remoteAddress();
        client.put("host", remote == null ? "" : remote.getAddress().getHostAddress());
        client.put("id", request.clientId());
        request.user().ifPresent(u -> client.put("user", u));
        Object name = request.connectFields().get("name");
        if (name != null && !name.toString().isEmpty()) {
            client.put("name", name.toString());
        }
        boolean leaf = request.role() == io.natsj.spi.transport.ListenerRole.LEAF;
        client.put("kind", leaf ? "Leafnode" : "Client");
        client.put("type", request.connectionType().endsWith("WEBSOCKET") || request.connectionType().endsWith("_WS")
                ? "websocket" : "nats");
        if (request.signature().isPresent()) {
            request.nonce().ifPresent(n -> client.put("nonce", new String(n, java.nio.charset.StandardCharsets.US_ASCII)));
        }
        ObjectNode connect = nats.putObject("connect_opts");
        request.jwt().ifPresent(v -> connect.put("jwt", v));
        request.nkey().ifPresent(v -> connect.put("nkey", v));
        request.signature().ifPresent(v -> connect.put("sig", v));
        request.token().ifPresent(v -> connect.put("auth_token", v));
        request.user().ifPresent(v -> connect.put("user", v));
        request.password().ifPresent(v -> connect.put("pass", v));
        for (Map.Entry<String, Object> e : request.connectFields().entrySet()) {
            switch (e.getKey()) {
                case "name", "lang", "version" -> connect.put(e.getKey(), String.valueOf(e.getValue()));
                case "protocol" -> connect.put("protocol", ((Number) e.getValue()).intValue());
                default -> { }
            }
        }
        request.tlsSession().ifPresent(session -> tls(nats.putObject("client_tls"), session));
        nats.put("type", "authorization_request");
        nats.put("version", 2);
        return CompactJwt.encode(claims, signer);
    }

    private static void tls(ObjectNode tls, SSLSession session) {
        tls.put("version", session.getProtocol().replace("TLSv", "1."));
        tls.put("cipher", session.getCipherSuite());
        try {
            var certs = tls.putArray("certs");
            for (Certificate c : session.getPeerCertificates()) {
                certs.add("-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                                .encodeToString(c.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
            }
        } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
            tls.remove("certs"); // the client sent no certificate
        }
    }
}
