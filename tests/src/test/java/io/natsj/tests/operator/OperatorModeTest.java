package io.natsj.tests.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator mode against both servers with the same operator, account and user JWTs: good
 * users connect with creds files and work within their permissions; bad JWTs are refused with
 * {@code Authorization Violation} while the server keeps serving everyone else.
 */
class OperatorModeTest {

    private static final String VIOLATION = "-ERR 'Authorization Violation'\r\n";
    private static final Duration WAIT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private static Options.Builder options(ServerUnderTest server, Path creds) {
        return new Options.Builder().server(server.clientUrl()).connectionTimeout(WAIT).noReconnect()
                .authHandler(Nats.credentials(creds.toString()));
    }

    @AllTargets
    void userWithCredsPublishesAndSubscribesWithinItsPermissions(Target target) throws Exception {
        Operator op = new Operator(dir);
        NKey user = NKey.create(NKeyType.USER);
        JwtUtils.UserClaim claim = new JwtUtils.UserClaim(null)
                .pub(new JwtUtils.Permission().allow("orders.>", "_INBOX.>"))
                .sub(new JwtUtils.Permission().allow("orders.>", "_INBOX.>").deny("orders.secret"));
        Path creds = op.creds(user, op.userJwt(user, claim));
        try (ServerUnderTest server = target.start(op.config());
                Connection nc = Nats.connect(options(server, creds).build())) {
            Subscription sub = nc.subscribe("orders.new");
            nc.publish("orders.new", "one".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(WAIT);
            assertNotNull(m, "message within permissions");
            assertEquals("one", new String(m.getData(), StandardCharsets.UTF_8));
        }
    }

    @AllTargets
    void infoCarriesANonceAndPermissionsAreEnforced(Target target) throws Exception {
        Operator op = new Operator(dir);
        NKey user = NKey.create(NKeyType.USER);
        String jwt = op.userJwt(user, new JwtUtils.UserClaim(null)
                .pub(new JwtUtils.Permission().allow("ok.>"))
                .sub(new JwtUtils.Permission().deny("hidden")));
        try (ServerUnderTest server = target.start(op.config());
                RawClient c = RawClient.open(server)) {
            assertTrue(c.info().contains("\"nonce\":\""), c.info());
            assertTrue(c.info().contains("\"auth_required\":true"), c.info());
            c.send("CONNECT " + connect(jwt, user, c.info()) + "\r\nPING\r\n");
            c.expectLine("PONG");
            c.send("SUB ok.x 1\r\nPUB ok.x 2\r\nhi\r\n");
            c.expectFrame("MSG ok.x 1 2", "hi");
            c.send("PUB nope 2\r\nhi\r\n");
            c.expectLine("-ERR 'Permissions Violation for Publish to \"nope\"'");
            c.send("SUB hidden 2\r\n");
            c.expectLine("-ERR 'Permissions Violation for Subscription to \"hidden\"'");
            c.sync();
        }
    }

    @AllTargets
    void badJwtsAreRefusedWhileOthersKeepWorking(Target target) throws Exception {
        NKey revokedUser = NKey.create(NKeyType.USER);
        long now = System.currentTimeMillis() / 1000;
        Operator op = new Operator(dir).account(a -> Jwts.nats(a).putObject("revocations")
                .put(revokedUser.publicKey(), now + 60));
        NKey user = NKey.create(NKeyType.USER);
        String good = op.userJwt(user, new JwtUtils.UserClaim(null));
        try (ServerUnderTest server = target.start(op.config());
                RawClient sub = RawClient.open(server)) {
            sub.send("CONNECT " + connect(good, user, sub.info()) + "\r\nSUB x 1\r\n").sync();

            // A signature that does not match the claims.
            String tampered = good.substring(0, good.lastIndexOf('.') + 1)
                    + Jwts.b64(op.account.sign("other".getBytes(StandardCharsets.UTF_8)));
            refused(server, tampered, user);
            // A user issued by an account the operator never issued (the wrong issuer).
            NKey stranger = NKey.create(NKeyType.ACCOUNT);
            refused(server, op.userJwt(user, new JwtUtils.UserClaim(null), stranger), user);
            // Expired.
            ObjectNode expired = Jwts.claims("user", user.publicKey());
            expired.put("exp", now - 5);
            refused(server, Jwts.sign(op.account, expired), user);
            // Revoked by the account.
            refused(server, op.userJwt(revokedUser, new JwtUtils.UserClaim(null)), revokedUser);
            // Truncated, and claims that are not JSON.
            refused(server, good.substring(0, good.length() / 2), user);
            refused(server, Jwts.signRaw(op.account, Jwts.b64("not json".getBytes(StandardCharsets.UTF_8))), user);
            // No JWT at all.
            try (RawClient c = RawClient.open(server)) {
                c.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
                c.expectClosedAfter(VIOLATION);
            }
            // A user signing another nonce than the one sent.
            try (RawClient c = RawClient.open(server)) {
                String wrongNonce = c.info().replace("\"nonce\":\"", "\"nonce\":\"x");
                c.send("CONNECT " + connect(good, user, wrongNonce) + "\r\nPING\r\n");
                c.expectClosedAfter(VIOLATION);
            }

            try (RawClient pub = RawClient.open(server)) {
                pub.send("CONNECT " + connect(good, user, pub.info()) + "\r\nPUB x 2\r\nok\r\n");
                sub.expectFrame("MSG x 1 2", "ok");
            }
        }
    }

    @AllTargets
    void accountsAreIsolated(Target target) throws Exception {
        Operator op = new Operator(dir);
        NKey app = NKey.create(NKeyType.USER);
        NKey sys = NKey.create(NKeyType.USER);
        String appJwt = op.userJwt(app, new JwtUtils.UserClaim(null));
        String sysJwt = op.userJwt(sys, new JwtUtils.UserClaim(null), op.system);
        try (ServerUnderTest server = target.start(op.config());
                RawClient a = RawClient.open(server);
                RawClient s = RawClient.open(server)) {
            a.send("CONNECT " + connect(appJwt, app, a.info()) + "\r\nSUB x 1\r\n").sync();
            s.send("CONNECT " + connect(sysJwt, sys, s.info()) + "\r\nSUB x 1\r\nPUB x 1\r\ns\r\n");
            s.expectFrame("MSG x 1 1", "s");
            a.expectNothingPending();
        }
    }

    private static void refused(ServerUnderTest server, String jwt, NKey signer) throws Exception {
        try (RawClient c = RawClient.open(server)) {
            c.send("CONNECT " + connect(jwt, signer, c.info()) + "\r\nPING\r\n");
            c.expectClosedAfter(VIOLATION);
        }
    }

    /** @return a CONNECT carrying the JWT and the signer's signature of the INFO nonce */
    static String connect(String jwt, NKey signer, String info) throws Exception {
        JsonNode parsed = Jwts.JSON.readTree(info.substring(5));
        String nonce = parsed.get("nonce").asText();
        String sig = Jwts.b64(signer.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
        ObjectNode c = Jwts.JSON.createObjectNode();
        c.put("verbose", false).put("pedantic", false).put("jwt", jwt).put("sig", sig);
        return c.toString();
    }
}
