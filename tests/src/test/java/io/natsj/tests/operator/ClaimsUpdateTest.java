package io.natsj.tests.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account JWT updates on the system account ({@code nsc push} and resolver updates), against
 * both servers: the directory resolver's {@code $SYS.REQ.CLAIMS.UPDATE}, {@code LOOKUP} and
 * {@code LIST}, the per-account update subjects of the memory resolver, nats-server's answer
 * shapes, and an update that revokes a user closing that user's live connection.
 */
class ClaimsUpdateTest {

    private static final Duration WAIT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @AllTargets
    void directoryResolverTakesUpdatesAndRevokesLiveUsers(Target target) throws Exception {
        Operator op = new Operator(dir);
        Path jwts = dir.resolve("jwt");
        Files.createDirectories(jwts);
        op.accountJwts().forEach((k, v) -> write(jwts.resolve(k + ".jwt"), v));
        String app = op.account.publicKey();
        String config = op.operatorConfig() + "resolver: { type: full, dir: \"" + jwts + "\" }\n";
        NKey doomed = NKey.create(NKeyType.USER);
        try (ServerUnderTest server = target.start(config);
                Connection sys = Nats.connect(options(server, op, op.system));
                RawClient victim = RawClient.open(server)) {
            String victimJwt = op.userJwt(doomed, new JwtUtils.UserClaim(null));
            victim.send("CONNECT " + OperatorModeTest.connect(victimJwt, doomed, victim.info()) + "\r\nPING\r\n");
            victim.expectLine("PONG");

            long revokeAt = System.currentTimeMillis() / 1000 + 60;
            String updated = Jwts.sign(op.operator, withRevocation(op, doomed, revokeAt));
            JsonNode ok = request(sys, "$SYS.REQ.CLAIMS.UPDATE", updated);
            assertEquals(200, ok.path("data").path("code").asInt(), ok.toString());
            assertEquals("jwt updated", ok.path("data").path("message").asText(), ok.toString());
            assertEquals(app, ok.path("data").path("account").asText(), ok.toString());
            assertTrue(ok.path("server").has("id"), ok.toString());
            victim.expectClosedAfter("-ERR 'User Authentication Revoked'\r\n");

            assertEquals(updated, Files.readString(jwts.resolve(app + ".jwt")).strip(), "stored in the directory");
            Message lookup = sys.request("$SYS.REQ.ACCOUNT." + app + ".CLAIMS.LOOKUP", new byte[0], WAIT);
            assertNotNull(lookup, "lookup answered");
            assertEquals(updated, new String(lookup.getData(), StandardCharsets.UTF_8));
            JsonNode list = request(sys, "$SYS.REQ.CLAIMS.LIST", "");
            assertTrue(list.path("data").toString().contains(app), list.toString());
            assertTrue(list.path("data").toString().contains(op.system.publicKey()), list.toString());

            JsonNode mismatch = request(sys, "$SYS.REQ.ACCOUNT." + op.system.publicKey() + ".CLAIMS.UPDATE", updated);
            assertEquals(500, mismatch.path("error").path("code").asInt(), mismatch.toString());
            assertEquals("jwt update resulted in error - subject does not match jwt content",
                    mismatch.path("error").path("description").asText(), mismatch.toString());

            // Everyone else keeps working, and new users of the account connect under the new JWT.
            NKey other = NKey.create(NKeyType.USER);
            try (Connection nc = Nats.connect(options(server, op, other, op.account))) {
                assertEquals(Connection.Status.CONNECTED, nc.getStatus());
            }
        }
    }

    @AllTargets
    void newLimitsApplyToLiveConnections(Target target) throws Exception {
        Operator op = new Operator(dir);
        Path jwts = dir.resolve("jwt");
        Files.createDirectories(jwts);
        op.accountJwts().forEach((k, v) -> write(jwts.resolve(k + ".jwt"), v));
        String config = op.operatorConfig() + "resolver: { type: full, dir: \"" + jwts + "\" }\n";
        try (ServerUnderTest server = target.start(config);
                Connection sys = Nats.connect(options(server, op, op.system));
                RawClient busy = rawUser(server, op);
                RawClient small = rawUser(server, op)) {
            busy.send("SUB a 1\r\nSUB b 2\r\nPING\r\n");
            busy.expectLine("PONG");
            small.send("SUB c 1\r\nPING\r\n");
            small.expectLine("PONG");
            var claims = Operator.accountClaims(op.account);
            ((com.fasterxml.jackson.databind.node.ObjectNode) Jwts.nats(claims).get("limits"))
                    .put("subs", 2).put("payload", 4);
            JsonNode ok = request(sys, "$SYS.REQ.CLAIMS.UPDATE", Jwts.sign(op.operator, claims));
            assertEquals("jwt updated", ok.path("data").path("message").asText(), ok.toString());
            busy.expectClosedAfter("-ERR 'maximum subscriptions exceeded'\r\n");
            small.send("PUB c 3\r\nabc\r\n");
            small.expectFrame("MSG c 1 3", "abc");
            small.send("PUB c 10\r\n0123456789\r\n");
            small.expectClosedAfter("-ERR 'Maximum Payload Violation'\r\n");
        }
    }

    private static RawClient rawUser(ServerUnderTest server, Operator op) throws Exception {
        NKey user = NKey.create(NKeyType.USER);
        RawClient c = RawClient.open(server);
        c.send("CONNECT " + OperatorModeTest.connect(op.userJwt(user, new JwtUtils.UserClaim(null)), user, c.info())
                + "\r\nPING\r\n");
        c.expectLine("PONG");
        return c;
    }

    @AllTargets
    void anAccountUpdatedToExpireClosesItsConnectionsThen(Target target) throws Exception {
        Operator op = new Operator(dir);
        Path jwts = dir.resolve("jwt");
        Files.createDirectories(jwts);
        op.accountJwts().forEach((k, v) -> write(jwts.resolve(k + ".jwt"), v));
        String config = op.operatorConfig() + "resolver: { type: full, dir: \"" + jwts + "\" }\n";
        try (ServerUnderTest server = target.start(config);
                Connection sys = Nats.connect(options(server, op, op.system));
                RawClient user = rawUser(server, op)) {
            var claims = Operator.accountClaims(op.account);
            claims.put("exp", System.currentTimeMillis() / 1000 + 2);
            JsonNode ok = request(sys, "$SYS.REQ.CLAIMS.UPDATE", Jwts.sign(op.operator, claims));
            assertEquals("jwt updated", ok.path("data").path("message").asText(), ok.toString());
            user.timeout(Duration.ofSeconds(6));
            user.expectClosedAfter("-ERR 'Account Authentication Expired'\r\n");
        }
    }

    @AllTargets
    void operatorDeletesAccountsWhenAllowed(Target target) throws Exception {
        Operator op = new Operator(dir);
        Path jwts = dir.resolve("jwt");
        Files.createDirectories(jwts);
        op.accountJwts().forEach((k, v) -> write(jwts.resolve(k + ".jwt"), v));
        String app = op.account.publicKey();
        String config = op.operatorConfig() + "resolver: { type: full, dir: \"" + jwts + "\", allow_delete: true }\n";
        try (ServerUnderTest server = target.start(config);
                Connection sys = Nats.connect(options(server, op, op.system));
                RawClient user = rawUser(server, op)) {
            // Signed by the account rather than by an operator key.
            JsonNode refused = request(sys, "$SYS.REQ.CLAIMS.DELETE", deleteRequest(op.account, app));
            assertEquals(500, refused.path("error").path("code").asInt(), refused.toString());
            JsonNode sysDelete = request(sys, "$SYS.REQ.CLAIMS.DELETE", deleteRequest(op.operator, op.system.publicKey()));
            assertEquals("delete accounts request by " + op.operator.publicKey()
                    + " failed - not allowed to delete system account",
                    sysDelete.path("error").path("description").asText(), sysDelete.toString());

            JsonNode ok = request(sys, "$SYS.REQ.CLAIMS.DELETE", deleteRequest(op.operator, app));
            assertEquals("deleted 1 accounts", ok.path("data").path("message").asText(), ok.toString());
            assertEquals(200, ok.path("data").path("code").asInt(), ok.toString());
            user.expectClosedAfter("-ERR 'Account Authentication Expired'\r\n");
            assertTrue(Files.exists(jwts.resolve(app + ".jwt.deleted")), "file renamed");
            JsonNode list = request(sys, "$SYS.REQ.CLAIMS.LIST", "");
            assertTrue(!list.path("data").toString().contains(app), list.toString());
        }
    }

    private static String deleteRequest(NKey signer, String account) {
        var claims = Jwts.JSON.createObjectNode();
        claims.put("jti", "D" + System.nanoTime());
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("sub", signer.publicKey());
        claims.putObject("nats").putArray("accounts").add(account);
        return Jwts.sign(signer, claims);
    }

    @AllTargets
    void memoryResolverUpdatesAccountsInUse(Target target) throws Exception {
        Operator op = new Operator(dir);
        String app = op.account.publicKey();
        NKey doomed = NKey.create(NKeyType.USER);
        try (ServerUnderTest server = target.start(op.config());
                Connection sys = Nats.connect(options(server, op, op.system))) {
            String subject = "$SYS.REQ.ACCOUNT." + app + ".CLAIMS.UPDATE";
            long revokeAt = System.currentTimeMillis() / 1000 + 60;
            String updated = Jwts.sign(op.operator, withRevocation(op, doomed, revokeAt));
            JsonNode skipped = request(sys, subject, updated);
            assertEquals("jwt update skipped", skipped.path("data").path("message").asText(), skipped.toString());

            try (RawClient victim = RawClient.open(server)) {
                String victimJwt = op.userJwt(doomed, new JwtUtils.UserClaim(null));
                victim.send("CONNECT " + OperatorModeTest.connect(victimJwt, doomed, victim.info()) + "\r\nPING\r\n");
                victim.expectLine("PONG");
                JsonNode ok = request(sys, "$SYS.ACCOUNT." + app + ".CLAIMS.UPDATE", updated);
                assertEquals("jwt updated", ok.path("data").path("message").asText(), ok.toString());
                victim.expectClosedAfter("-ERR 'User Authentication Revoked'\r\n");
            }
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode withRevocation(Operator op, NKey user, long at) {
        var claims = Operator.accountClaims(op.account);
        Jwts.nats(claims).putObject("revocations").put(user.publicKey(), at);
        return claims;
    }

    private static JsonNode request(Connection nc, String subject, String body) throws Exception {
        Message m = nc.request(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(m, "no answer on " + subject);
        return Jwts.JSON.readTree(m.getData());
    }

    private static Options options(ServerUnderTest server, Operator op, NKey account) {
        return options(server, op, NKey.create(NKeyType.USER), account);
    }

    private static Options options(ServerUnderTest server, Operator op, NKey user, NKey account) {
        Path creds = op.creds(user, op.userJwt(user, new JwtUtils.UserClaim(null), account));
        return new Options.Builder().server(server.clientUrl()).connectionTimeout(WAIT).noReconnect()
                .authHandler(Nats.credentials(creds.toString())).build();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
