package io.natsj.tests.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Auth callout in config mode (ADR-26), natsj only: nats-server 2.9.10 has no auth callout,
 * so the service is written here with jnats from the protocol (request and response JWTs).
 * The service connects as an {@code auth_users} user of the callout account {@code AUTH} and
 * places the clients it accepts in {@code APP}.
 */
class AuthCalloutTest {

    private static final String VIOLATION = "-ERR 'Authorization Violation'\r\n";
    private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"%s\",\"pass\":\"%s\"}\r\n";

    private final NKey issuer = NKey.create(NKeyType.ACCOUNT);

    private String config(String timeout) {
        return """
                accounts {
                  AUTH { users: [ { user: auth, password: pwd } ] }
                  APP { }
                }
                authorization {
                  timeout: %s
                  auth_callout { issuer: %s, account: AUTH, auth_users: [ auth ] }
                }
                """.formatted(timeout, issuer.publicKey());
    }

    /** Accepts password "secret" into APP with permissions on {@code a.>} only; refuses the rest. */
    private String accepting(CalloutService.Request r) {
        if (!r.password().equals("secret")) {
            return CalloutService.response(issuer, r, null, "bad password for " + r.user());
        }
        ObjectNode nats = CalloutService.JSON.createObjectNode();
        nats.putObject("pub").putArray("allow").add("a.>");
        nats.putObject("sub").putArray("allow").add("a.>");
        return CalloutService.response(issuer, r, CalloutService.userJwt(issuer, r, "APP", nats), null);
    }

    private static RawClient connect(ServerUnderTest server, String user, String pass) {
        RawClient c = RawClient.open(server);
        // PING pipelined after CONNECT: answered only once the callout decided, as nats-server does.
        c.send(CONNECT.formatted(user, pass) + "PING\r\n");
        return c;
    }

    @Test
    void acceptedClientGetsTheAccountAndPermissionsOfTheUserJwt() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", this::accepting);
                RawClient alice = connect(server, "alice", "secret");
                RawClient bob = connect(server, "bob", "secret")) {
            alice.expectLine("PONG");
            bob.expectLine("PONG");
            alice.send("SUB a.x 1\r\nPING\r\n");
            alice.expectLine("PONG");
            bob.send("PUB a.x 2\r\nhi\r\n");
            alice.expectFrame("MSG a.x 1 2", "hi");
            alice.send("PUB b 2\r\nhi\r\n");
            alice.expectLine("-ERR 'Permissions Violation for Publish to \"b\"'");
            alice.send("SUB b 2\r\n");
            alice.expectLine("-ERR 'Permissions Violation for Subscription to \"b\"'");
            assertEquals(2, service.requests.size());
            assertEquals("alice", service.requests.stream().map(CalloutService.Request::user).sorted().findFirst().get());
            // APP is not AUTH: the service's own account sees nothing of APP.
            try (RawClient auth = RawClient.connect(server,
                    "{\"verbose\":false,\"pedantic\":false,\"user\":\"auth\",\"pass\":\"pwd\"}")) {
                auth.send("SUB a.x 1\r\nPING\r\n");
                auth.expectLine("PONG");
                bob.send("PUB a.x 2\r\nhi\r\nPING\r\n");
                bob.expectLine("PONG");
                alice.expectFrame("MSG a.x 1 2", "hi");
                auth.send("PING\r\n");
                auth.expectLine("PONG");
            }
        }
    }

    @Test
    void operationsPipelinedAfterConnectRunOnceTheServiceAnswered() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", this::accepting);
                RawClient c = RawClient.open(server)) {
            // One write: the server holds the SUB, PUB and PING read with the CONNECT until the answer.
            c.send(CONNECT.formatted("alice", "secret") + "SUB a.x 1\r\nPUB a.x 2\r\nhi\r\nPUB b 2\r\nno\r\nPING\r\n");
            c.expectFrame("MSG a.x 1 2", "hi");
            c.expectLine("-ERR 'Permissions Violation for Publish to \"b\"'");
            c.expectLine("PONG");
        }
    }

    @Test
    void serviceErrorRefusesTheClientAndTheServerServesOthers() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", this::accepting);
                RawClient bad = connect(server, "mallory", "guess")) {
            bad.expectClosedAfter(VIOLATION);
            try (RawClient good = connect(server, "alice", "secret")) {
                good.expectLine("PONG");
            }
        }
    }

    @Test
    void unansweredRequestRefusesTheClientInTime() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("0.5"));
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> null);
                RawClient c = connect(server, "alice", "secret")) {
            String got = c.readUntilClosed(Duration.ofSeconds(3));
            // The auth timer and the callout's wait have the same length: either refusal may come first.
            assertTrue(got.equals(VIOLATION) || got.equals("-ERR 'Authentication Timeout'\r\n"), got);
            assertEquals(1, service.requests.size());
        }
    }

    @Test
    void responseWithABadSignatureIsRefused() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> {
                    String jwt = accepting(r);
                    int dot = jwt.lastIndexOf('.');
                    char last = jwt.charAt(dot + 5);
                    return jwt.substring(0, dot + 5) + (last == 'A' ? 'B' : 'A') + jwt.substring(dot + 6);
                });
                RawClient c = connect(server, "alice", "secret")) {
            c.expectClosedAfter(VIOLATION);
        }
    }

    @Test
    void userJwtFromAnotherIssuerIsRefused() throws Exception {
        NKey stranger = NKey.create(NKeyType.ACCOUNT);
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> CalloutService.response(
                        issuer, r, CalloutService.userJwt(stranger, r, "APP", CalloutService.JSON.createObjectNode()),
                        null));
                RawClient c = connect(server, "alice", "secret")) {
            c.expectClosedAfter(VIOLATION);
        }
    }

    @Test
    void userJwtRestrictionsAreAppliedOrRefused() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> {
                    ObjectNode nats = CalloutService.JSON.createObjectNode();
                    switch (r.user()) {
                        case "ws" -> nats.putArray("allowed_connection_types").add("WEBSOCKET");
                        case "tcp" -> nats.putArray("allowed_connection_types").add("STANDARD");
                        default -> nats.putArray("src").add("10.0.0.0/8"); // not applied yet: refused
                    }
                    return CalloutService.response(issuer, r, CalloutService.userJwt(issuer, r, "APP", nats), null);
                });
                RawClient ws = connect(server, "ws", "x");
                RawClient tcp = connect(server, "tcp", "x");
                RawClient src = connect(server, "src", "x")) {
            ws.expectClosedAfter(VIOLATION);
            tcp.expectLine("PONG");
            src.expectClosedAfter(VIOLATION);
        }
    }

    @Test
    void responseForAnotherUserKeyIsRefused() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> accepting(
                        new CalloutService.Request(r.claims(), NKey.create(NKeyType.USER).publicKey(), r.serverId())));
                RawClient c = connect(server, "alice", "secret")) {
            c.expectClosedAfter(VIOLATION);
        }
    }

    @Test
    void xkeyEncryptsTheRequestAndTheResponse() throws Exception {
        io.natsj.nkeys.XKey serviceKey = io.natsj.nkeys.XKey.create();
        String config = config("2").replace("auth_users: [ auth ]",
                "auth_users: [ auth ], xkey: " + serviceKey.publicKey());
        try (ServerUnderTest server = Target.NATSJ.start(config);
                CalloutService service = new CalloutService(server, "auth", "pwd", serviceKey, this::accepting);
                RawClient c = connect(server, "alice", "secret")) {
            c.expectLine("PONG");
            assertEquals("xkv1", new String(service.raw.get(0), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(service.requests.get(0).claims().path("nats").path("server_id").path("xkey").asText()
                    .startsWith("X"));
            c.send("PUB b 2\r\nhi\r\n");
            c.expectLine("-ERR 'Permissions Violation for Publish to \"b\"'");
        }
    }

    @Test
    void operatorModeRefusesACalloutInTheAuthorizationBlock() {
        NKey operator = NKey.create(NKeyType.OPERATOR);
        ObjectNode claims = CalloutService.JSON.createObjectNode();
        claims.put("jti", "O" + System.nanoTime());
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("sub", operator.publicKey());
        claims.put("name", "op");
        claims.putObject("nats").put("type", "operator").put("version", 2);
        String config = "operator: " + CalloutService.sign(operator, claims) + "\nresolver: MEMORY\n"
                + "authorization { auth_callout { issuer: " + issuer.publicKey() + ", auth_users: [ auth ] } }\n";
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> Target.NATSJ.start(config).close());
        assertTrue(String.valueOf(e.getMessage()).contains(
                "operators do not allow authorization callouts to be configured directly"), e.toString());
    }

    @Test
    void authUsersBypassTheCallout() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config("2"));
                CalloutService service = new CalloutService(server, "auth", "pwd", this::accepting);
                RawClient auth = connect(server, "auth", "pwd")) {
            auth.expectLine("PONG");
            assertEquals(0, service.requests.size());
            // An auth user with a wrong password is refused by the users list, not sent to the service.
            try (RawClient wrong = connect(server, "auth", "nope")) {
                wrong.expectClosedAfter(VIOLATION);
            }
            assertEquals(0, service.requests.size());
        }
    }

    @Test
    void slowAnswerHoldsUpNoOtherClient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ServerUnderTest server = Target.NATSJ.start(config("5"));
                CalloutService service = new CalloutService(server, "auth", "pwd", r -> {
                    if (r.user().equals("slow")) {
                        assertTrue(release.await(4, TimeUnit.SECONDS));
                    }
                    return accepting(r);
                });
                RawClient slow = connect(server, "slow", "secret")) {
            List<CompletableFuture<Void>> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String user = "user" + i;
                others.add(CompletableFuture.runAsync(() -> {
                    try (RawClient c = connect(server, user, "secret")) {
                        c.expectLine("PONG");
                    }
                }));
            }
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(4, TimeUnit.SECONDS);
            release.countDown();
            slow.expectLine("PONG");
            assertEquals(21, service.requests.size());
        }
    }
}
