package io.natsj.tests.callout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.XKey;
import io.natsj.tests.support.ServerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An auth callout service as ADR-26 describes one, written with jnats: it connects as an
 * {@code auth_users} user, receives authorization requests on {@code $SYS.REQ.USER.AUTH},
 * checks that the server signed them, and answers with what {@link Answer} decides, signed
 * with the issuer's key. Answers are sent from a pool so that a slow one holds up no other.
 */
public final class CalloutService implements AutoCloseable {

    /** Jackson, for the claims tests build. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = b64("{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));

    /** Decides the answer to one request: a response JWT, or null to stay silent. */
    @FunctionalInterface
    public interface Answer {
        /**
         * @param request the verified request
         * @return the answer, or null to stay silent
         * @throws Exception when the test fails
         */
        String answer(Request request) throws Exception;
    }

    /**
     * One verified request.
     *
     * @param claims the request's claims
     * @param userNkey the user NKey the answer must name
     * @param serverId the server that asked
     */
    public record Request(JsonNode claims, String userNkey, String serverId) {
        /** @return the CONNECT's user name */
        public String user() {
            return claims.path("nats").path("connect_opts").path("user").asText("");
        }

        /** @return the CONNECT's password */
        public String password() {
            return claims.path("nats").path("connect_opts").path("pass").asText("");
        }
    }

    /** The verified requests, in arrival order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** The payloads as they arrived (sealed ones too). */
    final List<byte[]> raw = new CopyOnWriteArrayList<>();
    private final Connection connection;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final XKey xkey;

    CalloutService(ServerUnderTest server, String user, String password, Answer answer) throws Exception {
        this(server, user, password, null, answer);
    }

    /**
     * @param xkey the service's curve key: requests arrive sealed to it and answers go back
     *        sealed to the server's key; null for plain text
     */
    CalloutService(ServerUnderTest server, String user, String password, XKey xkey, Answer answer) throws Exception {
        this(new Options.Builder().server(server.clientUrl()).userInfo(user, password), xkey, answer);
    }

    /**
     * @param options how the service connects (operator mode: the creds of an {@code auth_users} user)
     * @param xkey the service's curve key, or null for plain text
     */
    public CalloutService(Options.Builder options, XKey xkey, Answer answer) throws Exception {
        this.xkey = xkey;
        connection = Nats.connect(options.connectionTimeout(Duration.ofSeconds(3)).noReconnect().build());
        Dispatcher d = connection.createDispatcher(m -> pool.execute(() -> handle(m, answer)));
        d.subscribe("$SYS.REQ.USER.AUTH");
        connection.flush(Duration.ofSeconds(3));
    }

    private void handle(Message m, Answer answer) {
        try {
            raw.add(m.getData());
            byte[] data = m.getData();
            String serverXkey = m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Server-Xkey");
            if (xkey != null) {
                data = xkey.open(data, serverXkey);
            }
            JsonNode claims = verify(new String(data, StandardCharsets.US_ASCII));
            Request request = new Request(claims, claims.path("nats").path("user_nkey").asText(),
                    claims.path("nats").path("server_id").path("id").asText());
            if (!request.serverId().equals(claims.path("iss").asText())
                    || !"nats-authorization-request".equals(claims.path("aud").asText())
                    || !"authorization_request".equals(claims.path("nats").path("type").asText())) {
                throw new IllegalStateException("not an authorization request from the server: " + claims);
            }
            requests.add(request);
            String reply = answer.answer(request);
            if (reply != null) {
                byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
                connection.publish(m.getReplyTo(), xkey == null ? bytes : xkey.seal(bytes, serverXkey));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a user JWT for the request's user NKey placing the user in {@code account} */
    public static String userJwt(NKey issuer, Request request, String account, ObjectNode natsFields) {
        ObjectNode c = JSON.createObjectNode();
        c.put("jti", "J" + System.nanoTime());
        c.put("iat", System.currentTimeMillis() / 1000);
        c.put("sub", request.userNkey());
        c.put("aud", account);
        c.put("name", request.user());
        ObjectNode nats = c.putObject("nats");
        nats.setAll(natsFields);
        nats.put("subs", -1);
        nats.put("data", -1);
        nats.put("payload", -1);
        nats.put("type", "user");
        nats.put("version", 2);
        return sign(issuer, c);
    }

    /** @return an authorization response for the request carrying a user JWT or an error */
    public static String response(NKey issuer, Request request, String userJwt, String error) {
        return response(issuer, request, userJwt, error, null);
    }

    /**
     * @param issuerAccount the account whose signing key {@code issuer} is, or null
     * @return an authorization response for the request carrying a user JWT or an error
     */
    static String response(NKey issuer, Request request, String userJwt, String error, String issuerAccount) {
        ObjectNode c = JSON.createObjectNode();
        c.put("jti", "R" + System.nanoTime());
        c.put("iat", System.currentTimeMillis() / 1000);
        c.put("sub", request.userNkey());
        c.put("aud", request.serverId());
        ObjectNode nats = c.putObject("nats");
        if (userJwt != null) {
            nats.put("jwt", userJwt);
        }
        if (error != null) {
            nats.put("error", error);
        }
        if (issuerAccount != null) {
            nats.put("issuer_account", issuerAccount);
        }
        nats.put("type", "authorization_response");
        nats.put("version", 2);
        return sign(issuer, c);
    }

    static String sign(NKey signer, ObjectNode claims) {
        claims.put("iss", signer.publicKey());
        String signed = HEADER + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + b64(signer.sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static JsonNode verify(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (!NKey.verify(claims.path("iss").asText(), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlDecoder().decode(parts[2]))) {
            throw new IllegalStateException("request signature does not verify");
        }
        return claims;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() throws Exception {
        connection.close();
        pool.shutdownNow();
    }
}
