package io.natsj.tests.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.operator.Operator;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.Target;
import io.natsj.tests.websocket.WsServers.WsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code websocket} section's own authentication, as nats-server 2.9.10 has it: its
 * {@code authorization} user/password or token and its {@code no_auth_user} replace the server's
 * for WebSocket clients (who must then authenticate even when TCP clients need not), the
 * server's users still apply, its {@code timeout} is the WebSocket clients', {@code jwt_cookie}
 * lets a browser present its user JWT in a cookie (operator mode), and the combinations
 * nats-server refuses at startup are refused with its words. jnats over {@code ws://} and a raw
 * WebSocket client, against natsj and nats-server.
 */
class WebSocketAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private static Options.Builder ws(WsServer s) {
        return Options.builder().server(s.wsUrl()).connectionTimeout(WAIT).noReconnect();
    }

    private static Options.Builder tcp(WsServer s) {
        return Options.builder().server(s.server().clientUrl()).connectionTimeout(WAIT).noReconnect();
    }

    /*
     * Refusals are checked with raw clients: jnats (2.26.2) notes the -ERR and the close while it
     * connects but leaves its initial PING's future pending, so each refusal would wait out its
     * whole connection timeout.
     */

    /** A WebSocket client sending {@code CONNECT <json>} after the upgrade (with the headers) is refused. */
    private static void refusedWs(WsServer s, String connectJson, String... headers) throws IOException {
        try (WsRawClient raw = new WsRawClient(s.wsPort())) {
            assertTrue(raw.request(WsRawClient.upgradeRequest(s.wsPort(), headers)).statusLine().contains(" 101 "));
            assertTrue(raw.read().text().startsWith("INFO "));
            raw.send("CONNECT " + connectJson + "\r\nPING\r\n");
            String got = raw.readUntilClosed();
            assertTrue(got.contains("-ERR 'Authorization Violation'"), got);
            assertFalse(got.contains("PONG"), got);
        }
    }

    /** A TCP client sending {@code CONNECT <json>} is refused. */
    private static void refusedTcp(WsServer s, String connectJson) {
        try (RawClient raw = RawClient.open(s.server())) {
            String got = raw.send("CONNECT " + connectJson + "\r\nPING\r\n").readUntilClosed(WAIT);
            assertTrue(got.contains("-ERR 'Authorization Violation'"), got);
            assertFalse(got.contains("PONG"), got);
        }
    }

    private static final String ANONYMOUS = "{\"verbose\":false,\"pedantic\":false,\"protocol\":1}";

    private static String user(String user, String pass) {
        return "{\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"user\":\"" + user + "\",\"pass\":\"" + pass
                + "\"}";
    }

    private static String token(String token) {
        return "{\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"auth_token\":\"" + token + "\"}";
    }

    private static void works(Options.Builder options) throws Exception {
        try (Connection nc = Nats.connect(options.build())) {
            nc.flush(WAIT);
        }
    }

    @AllTargets
    void theSectionsUserIsRequiredOfWebSocketClientsOnly(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "authorization { user: wsuser, password: wspass }")) {
            works(ws(s).userInfo("wsuser", "wspass"));
            refusedWs(s, ANONYMOUS);
            refusedWs(s, user("wsuser", "nope"));
            works(tcp(s));
            try (WsRawClient raw = new WsRawClient(s.wsPort())) {
                assertTrue(raw.request(WsRawClient.upgradeRequest(s.wsPort())).statusLine().contains(" 101 "));
                assertTrue(raw.read().text().contains("\"auth_required\":true"), "INFO asks WebSocket clients");
            }
        }
    }

    @AllTargets
    void theSectionsTokenReplacesTheServers(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "authorization { token: wstoken, timeout: 5 }",
                "authorization { token: tcptoken }")) {
            works(ws(s).token("wstoken".toCharArray()));
            refusedWs(s, token("tcptoken"));
            works(tcp(s).token("tcptoken".toCharArray()));
            refusedTcp(s, token("wstoken"));
        }
    }

    /** nats-server checks a token first and never the user then. */
    @AllTargets
    void aTokenWinsOverAUserInTheSection(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "authorization { user: u, password: p, token: t }")) {
            works(ws(s).token("t".toCharArray()));
            refusedWs(s, user("u", "p"));
        }
    }

    /**
     * The section's no_auth_user is one of the server's users and replaces the server's
     * no_auth_user for WebSocket clients; users with passwords still log in over WebSocket.
     */
    @AllTargets
    void theSectionsNoAuthUserReplacesTheServers(Target target) throws Exception {
        String accounts = "accounts { A { users: [{user: a, password: pa}] }, B { users: [{user: b, password: pb}] } }\n"
                + "no_auth_user: a";
        try (WsServer s = WsServers.start(target, "no_auth_user: b", accounts);
             Connection inA = Nats.connect(tcp(s).build());
             Connection inB = Nats.connect(tcp(s).userInfo("b", "pb").build())) {
            Subscription subA = inA.subscribe("where");
            Subscription subB = inB.subscribe("where");
            inA.flush(WAIT);
            inB.flush(WAIT);
            try (Connection anonymousWs = Nats.connect(ws(s).build());
                 Connection aOverWs = Nats.connect(ws(s).userInfo("a", "pa").build())) {
                anonymousWs.publish("where", "anonymous ws".getBytes(StandardCharsets.UTF_8));
                anonymousWs.flush(WAIT);
                assertEquals("anonymous ws", new String(subB.nextMessage(WAIT).getData(), StandardCharsets.UTF_8),
                        "an anonymous WebSocket client is the section's no_auth_user (account B)");
                aOverWs.publish("where", "a over ws".getBytes(StandardCharsets.UTF_8));
                aOverWs.flush(WAIT);
                // the anonymous publish was processed (flushed) first, so had it reached account A it would come first
                assertEquals("a over ws", new String(subA.nextMessage(WAIT).getData(), StandardCharsets.UTF_8),
                        "nothing from the anonymous WebSocket client in account A");
            }
            refusedWs(s, user("b", "wrong"));
            try (WsRawClient raw = new WsRawClient(s.wsPort())) {
                raw.request(WsRawClient.upgradeRequest(s.wsPort()));
                // nats-server clears auth_required for TCP clients with a no_auth_user, not for WebSocket ones.
                assertTrue(raw.read().text().contains("\"auth_required\":true"));
            }
        }
    }

    /** Without an override the server's no_auth_user and users apply over WebSocket too. */
    @AllTargets
    void withoutAnOverrideTheServersAuthenticationApplies(Target target) throws Exception {
        String accounts = "accounts { A { users: [{user: a, password: pa}] } }\nno_auth_user: a";
        try (WsServer s = WsServers.start(target, "authorization { timeout: 3 }", accounts)) {
            works(ws(s));
            works(ws(s).userInfo("a", "pa"));
            refusedWs(s, user("a", "wrong"));
        }
    }

    /** The section's timeout is the WebSocket clients' (the server's is 10 s here). */
    @AllTargets
    void theSectionsTimeoutAppliesToWebSocketClients(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "authorization { user: u, password: p, timeout: 0.5 }",
                "authorization { timeout: 10 }");
             WsRawClient raw = new WsRawClient(s.wsPort())) {
            raw.request(WsRawClient.upgradeRequest(s.wsPort()));
            assertTrue(raw.read().text().startsWith("INFO "));
            long start = System.nanoTime();
            StringBuilder got = new StringBuilder();
            while (!got.toString().contains("Authentication Timeout")) {
                WsRawClient.Frame f = raw.read();
                if (f.opcode() == 8) {
                    break;
                }
                got.append(f.text());
            }
            assertTrue(got.toString().contains("-ERR 'Authentication Timeout'"), got::toString);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "the section's timeout");
        }
    }

    /** A browser's user JWT in the {@code jwt_cookie} cookie: a bearer JWT needs nothing else. */
    @AllTargets
    void aUserJwtInTheCookieAuthenticatesInOperatorMode(Target target) throws Exception {
        Operator op = new Operator(dir);
        NKey user = NKey.create(NKeyType.USER);
        String bearer = op.userJwt(user, new JwtUtils.UserClaim(null).bearerToken(true));
        String signed = op.userJwt(user, new JwtUtils.UserClaim(null));
        try (WsServer s = WsServers.start(target, "jwt_cookie: natsjwt", op.config())) {
            works(ws(s).httpRequestInterceptor(r -> r.getHeaders().add("Cookie", "other=1; natsjwt=" + bearer)));
            refusedWs(s, ANONYMOUS);
            // a user JWT that is not a bearer token needs the nonce signed, which a cookie alone cannot give
            refusedWs(s, ANONYMOUS, "Cookie: natsjwt=" + signed);
            refusedWs(s, ANONYMOUS, "Cookie: wrongname=" + bearer);
            try (WsRawClient raw = new WsRawClient(s.wsPort())) {
                raw.request(WsRawClient.upgradeRequest(s.wsPort(), "Cookie: natsjwt=" + bearer));
                raw.read(); // INFO
                raw.send("CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\n");
                assertTrue(readUntil(raw, "PONG").contains("PONG"));
            }
        }
    }

    private static String readUntil(WsRawClient raw, String wanted) throws IOException {
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains(wanted) && !got.toString().contains("-ERR")) {
            got.append(raw.read().text());
        }
        return got.toString();
    }

    @AllTargets
    void combinationsNatsServerRefusesAreRefusedAtStartup(Target target) {
        assertStartupError(target, "websocket authentication username not compatible with presence of users/nkeys",
                "authorization { user: x, password: y }", "authorization { users: [{user: a, password: b}] }");
        assertStartupError(target, "websocket authentication token not compatible with presence of users/nkeys",
                "authorization { token: t }", "authorization { users: [{user: a, password: b}] }");
        assertStartupError(target, "no_auth_user: \"a\" present, but users are not defined", "no_auth_user: a", "");
        assertStartupError(target, "no_auth_user: \"zz\" not present as user in authorization block or account"
                + " configuration", "no_auth_user: zz", "authorization { users: [{user: a, password: b}] }");
        assertStartupError(target, "trusted operators or trusted keys configuration is required for JWT"
                + " authentication via cookie \"jc\"", "jwt_cookie: jc", "");
        assertStartupError(target, "unknown field \"users\"", "authorization { users: [{user: a, password: b}] }", "");
    }

    private static void assertStartupError(Target target, String expected, String websocket, String topLevel) {
        Exception e = assertThrows(Exception.class, () -> WsServers.start(target, websocket, topLevel).close());
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in: " + e.getMessage());
    }
}
