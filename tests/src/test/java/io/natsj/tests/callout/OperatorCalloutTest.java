package io.natsj.tests.callout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.nkeys.XKey;
import io.natsj.tests.operator.Operator;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth callout in operator mode (ADR-26, nats-server 2.10+), natsj only (2.9.10 has none): the
 * account JWT of the operator's application account ({@code AUTH} here) names
 * {@code authorization { auth_users, allowed_accounts, xkey }}. The jnats service connects with
 * the creds of its {@code auth_users} user; clients connect with a bearer "sentinel" user JWT
 * of {@code AUTH} plus a user name and password the service checks, and are placed where the
 * account that issued the answer's user JWT says.
 */
class OperatorCalloutTest {

    private static final String VIOLATION = "-ERR 'Authorization Violation'\r\n";

    @TempDir
    Path dir;

    private final NKey serviceUser = NKey.create(NKeyType.USER);
    private final NKey sentinel = NKey.create(NKeyType.USER);
    /** The account {@code allowed_accounts} names. */
    private final NKey app = NKey.create(NKeyType.ACCOUNT);
    /** An account of the operator that the callout may not place users in. */
    private final NKey other = NKey.create(NKeyType.ACCOUNT);
    /** A signing key of the callout account. */
    private final NKey authSigning = NKey.create(NKeyType.ACCOUNT);
    /** A key no account knows. */
    private final NKey stranger = NKey.create(NKeyType.ACCOUNT);
    private Operator op;

    private String config(XKey serviceXkey) {
        op = new Operator(dir);
        op.account(c -> calloutAccount(c, serviceXkey));
        op.account(app, c -> { });
        op.account(other, c -> { });
        return op.config();
    }

    /** Makes the AUTH account's claims those of a callout account. */
    private ObjectNode calloutAccount(ObjectNode claims, XKey serviceXkey) {
        ObjectNode nats = (ObjectNode) claims.get("nats");
        nats.putArray("signing_keys").add(authSigning.publicKey());
        ObjectNode authorization = nats.putObject("authorization");
        authorization.putArray("auth_users").add(serviceUser.publicKey());
        authorization.putArray("allowed_accounts").add(app.publicKey());
        if (serviceXkey != null) {
            authorization.put("xkey", serviceXkey.publicKey());
        }
        return nats;
    }

    private NKey auth() {
        return op.account;
    }

    private CalloutService service(ServerUnderTest server, XKey xkey) throws Exception {
        Path creds = op.creds(serviceUser, op.userJwt(serviceUser, new JwtUtils.UserClaim(null)));
        return new CalloutService(new Options.Builder().server(server.clientUrl())
                .authHandler(Nats.credentials(creds.toString())), xkey, this::answer);
    }

    /**
     * alice: AUTH, publish and subscribe on {@code a.>}; dave: AUTH through its signing key,
     * no permissions; bob: APP (allowed); carol: OTHER (not allowed); eve: a response signed
     * by a stranger key; frank: a user JWT issued by a stranger key; anyone else: an error.
     */
    private String answer(CalloutService.Request r) {
        ObjectNode nats = CalloutService.JSON.createObjectNode();
        switch (r.user()) {
            case "alice" -> {
                nats.putObject("pub").putArray("allow").add("a.>");
                nats.putObject("sub").putArray("allow").add("a.>");
                return CalloutService.response(auth(), r, CalloutService.userJwt(auth(), r, auth().publicKey(), nats),
                        null);
            }
            case "dave" -> {
                nats.put("issuer_account", auth().publicKey());
                String user = CalloutService.userJwt(authSigning, r, auth().publicKey(), nats);
                return CalloutService.response(authSigning, r, user, null, auth().publicKey());
            }
            case "bob" -> {
                return CalloutService.response(auth(), r, CalloutService.userJwt(app, r, app.publicKey(), nats), null);
            }
            case "carol" -> {
                return CalloutService.response(auth(), r, CalloutService.userJwt(other, r, other.publicKey(), nats),
                        null);
            }
            case "eve" -> {
                return CalloutService.response(stranger, r, CalloutService.userJwt(auth(), r, auth().publicKey(), nats),
                        null);
            }
            case "frank" -> {
                return CalloutService.response(auth(), r,
                        CalloutService.userJwt(stranger, r, stranger.publicKey(), nats), null);
            }
            default -> {
                return CalloutService.response(auth(), r, null, "unknown user " + r.user());
            }
        }
    }

    /** Connects with the bearer sentinel of AUTH and a user name; PING pipelined. */
    private RawClient connect(ServerUnderTest server, String user) {
        String jwt = op.userJwt(sentinel, new JwtUtils.UserClaim(null).bearerToken(true), auth());
        RawClient c = RawClient.open(server);
        c.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"jwt\":\"" + jwt + "\",\"user\":\"" + user
                + "\",\"pass\":\"pw\"}\r\nPING\r\n");
        return c;
    }

    @Test
    void acceptedClientGetsThePermissionsOfTheUserJwtInTheCalloutAccount() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config(null));
                CalloutService service = service(server, null);
                RawClient alice = connect(server, "alice");
                RawClient dave = connect(server, "dave")) {
            alice.expectLine("PONG");
            dave.expectLine("PONG");
            alice.send("SUB a.x 1\r\nPING\r\n");
            alice.expectLine("PONG");
            dave.send("PUB a.x 2\r\nhi\r\n");
            alice.expectFrame("MSG a.x 1 2", "hi");
            alice.send("PUB b 2\r\nhi\r\n");
            alice.expectLine("-ERR 'Permissions Violation for Publish to \"b\"'");
            // A user placed in the callout account may not pose as the server to the service.
            dave.send("PUB $SYS.REQ.USER.AUTH 2\r\nhi\r\n");
            dave.expectLine("-ERR 'Permissions Violation for Publish to \"$SYS.REQ.USER.AUTH\"'");
            assertEquals(2, service.requests.size());
            for (CalloutService.Request r : service.requests) {
                // In operator mode the request's subject is the callout account.
                assertEquals(auth().publicKey(), r.claims().path("sub").asText());
                assertFalse(r.claims().path("nats").path("connect_opts").path("jwt").asText().isEmpty());
            }
        }
    }

    @Test
    void refusedByTheServiceOrPlacedInAnAccountNotAllowed() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config(null));
                CalloutService service = service(server, null);
                RawClient mallory = connect(server, "mallory");
                RawClient carol = connect(server, "carol")) {
            mallory.expectClosedAfter(VIOLATION);
            carol.expectClosedAfter(VIOLATION);
            try (RawClient alice = connect(server, "alice")) {
                alice.expectLine("PONG");
            }
        }
    }

    @Test
    void allowedAccountsPlaceTheUserInAnotherAccount() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config(null));
                CalloutService service = service(server, null);
                RawClient alice = connect(server, "alice");
                RawClient bob = connect(server, "bob")) {
            alice.expectLine("PONG");
            bob.expectLine("PONG");
            NKey appUser = NKey.create(NKeyType.USER);
            Path creds = op.creds(appUser, op.userJwt(appUser, new JwtUtils.UserClaim(null), app));
            // A user of APP, which is no callout account: admitted without the service.
            try (Connection nc = Nats.connect(new Options.Builder().server(server.clientUrl())
                    .authHandler(Nats.credentials(creds.toString())).noReconnect().build())) {
                Subscription sub = nc.subscribe("a.x");
                nc.flush(Duration.ofSeconds(3));
                alice.send("SUB a.x 1\r\nPING\r\n");
                alice.expectLine("PONG");
                bob.send("PUB a.x 2\r\nhi\r\nPING\r\n");
                bob.expectLine("PONG");
                Message m = sub.nextMessage(Duration.ofSeconds(3));
                assertNotNull(m, "bob publishes in APP");
                assertEquals("hi", new String(m.getData(), StandardCharsets.UTF_8));
                // AUTH does not see APP's messages.
                alice.send("PING\r\n");
                alice.expectLine("PONG");
            }
            assertEquals(2, service.requests.size());
        }
    }

    @Test
    void answersSignedOrIssuedByAnUnknownKeyAreRefused() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config(null));
                CalloutService service = service(server, null);
                RawClient eve = connect(server, "eve");
                RawClient frank = connect(server, "frank")) {
            eve.expectClosedAfter(VIOLATION);
            frank.expectClosedAfter(VIOLATION);
            assertEquals(2, service.requests.size());
        }
    }

    @Test
    void xkeySealsRequestsAndAnswers() throws Exception {
        XKey serviceKey = XKey.create();
        try (ServerUnderTest server = Target.NATSJ.start(config(serviceKey));
                CalloutService service = service(server, serviceKey);
                RawClient alice = connect(server, "alice");
                RawClient mallory = connect(server, "mallory")) {
            alice.expectLine("PONG");
            mallory.expectClosedAfter(VIOLATION);
            assertEquals(2, service.raw.size());
            for (byte[] raw : service.raw) {
                assertFalse(new String(raw, StandardCharsets.US_ASCII).startsWith("eyJ"), "request sealed");
            }
        }
    }

    @Test
    void anAccountUpdateJudgesCalloutUsersByTheirAnswerNotTheirSentinel() throws Exception {
        try (ServerUnderTest server = Target.NATSJ.start(config(null));
                CalloutService service = service(server, null);
                RawClient alice = connect(server, "alice")) {
            alice.expectLine("PONG");
            NKey sysUser = NKey.create(NKeyType.USER);
            Path creds = op.creds(sysUser, op.userJwt(sysUser, new JwtUtils.UserClaim(null), op.system()));
            try (Connection sys = Nats.connect(new Options.Builder().server(server.clientUrl())
                    .authHandler(Nats.credentials(creds.toString())).noReconnect().build())) {
                // AUTH now refuses bearer users: the sentinel alice connected with is one.
                op.account(c -> ((ObjectNode) calloutAccount(c, null).get("limits")).put("disallow_bearer", true));
                Message reply = sys.request("$SYS.REQ.ACCOUNT." + auth().publicKey() + ".CLAIMS.UPDATE",
                        op.accountJwt(auth()).getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(3));
                assertNotNull(reply);
                assertTrue(new String(reply.getData(), StandardCharsets.UTF_8).contains("\"code\":200"),
                        new String(reply.getData(), StandardCharsets.UTF_8));
                try (RawClient late = connect(server, "alice")) {
                    late.expectClosedAfter(VIOLATION);
                }
                // alice's user is the service's answer, not the sentinel: the update leaves it be.
                alice.send("PING\r\n");
                alice.expectLine("PONG");
                assertEquals(1, service.requests.size());
            }
        }
    }
}
