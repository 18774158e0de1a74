package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Each way of authenticating, good and bad credentials: a refused client gets
 * {@code -ERR 'Authorization Violation'} and is closed, and a client already in is not
 * disturbed.
 */
class AuthenticationTest {

    /** bcrypt of "bar", from nats-server's own test configs. */
    static final String BCRYPT_BAR = "$2a$10$LoRPzN3GtF2pNX5QgCBBHeUr6/zVN./RVGOu5U8SpHyg2sfzvfXji";
    private static final String VIOLATION = "-ERR 'Authorization Violation'\r\n";

    @AllTargets
    void token(Target target) {
        try (ServerUnderTest server = target.start("authorization { token: \"s3cr3t\" }");
                RawClient good = RawClient.connect(server, "{\"verbose\":false,\"auth_token\":\"s3cr3t\"}")) {
            assertTrue(good.info().contains("\"auth_required\":true"), good.info());
            refused(server, "{\"verbose\":false,\"auth_token\":\"nope\"}");
            refused(server, "{\"verbose\":false}");
            good.sync();
        }
    }

    @AllTargets
    void singleUserAndPassword(Target target) {
        try (ServerUnderTest server = target.start("authorization { user: derek, password: porkchop }");
                RawClient good = RawClient.connect(server, "{\"verbose\":false,\"user\":\"derek\",\"pass\":\"porkchop\"}")) {
            refused(server, "{\"verbose\":false,\"user\":\"derek\",\"pass\":\"chop\"}");
            refused(server, "{\"verbose\":false,\"user\":\"mallory\",\"pass\":\"porkchop\"}");
            good.sync();
        }
    }

    @AllTargets
    void bcryptUsers(Target target) {
        String config = "authorization { users: [ {user: alice, password: \"" + BCRYPT_BAR + "\"}, "
                + "{user: bob, password: plain} ] }";
        try (ServerUnderTest server = target.start(config);
                RawClient alice = RawClient.connect(server, "{\"verbose\":false,\"user\":\"alice\",\"pass\":\"bar\"}");
                RawClient bob = RawClient.connect(server, "{\"verbose\":false,\"user\":\"bob\",\"pass\":\"plain\"}")) {
            refused(server, "{\"verbose\":false,\"user\":\"alice\",\"pass\":\"foo\"}");
            refused(server, "{\"verbose\":false,\"user\":\"alice\",\"pass\":\"" + BCRYPT_BAR + "\"}");
            alice.send("SUB x 1\r\n").sync();
            bob.send("PUB x 2\r\nhi\r\n").sync();
            alice.expectFrame("MSG x 1 2", "hi");
        }
    }

    @AllTargets
    void nkeyRightAndWrongSeed(Target target) throws Exception {
        NKey user = NKey.create(NKeyType.USER);
        NKey impostor = NKey.create(NKeyType.USER);
        try (ServerUnderTest server = target.start("authorization { users: [ {nkey: " + user.publicKey() + "} ] }")) {
            RawClient good = RawClient.open(server);
            good.send("CONNECT " + nkeyConnect(user.publicKey(), user, good.info()) + "\r\nPING\r\n");
            good.expectLine("PONG");

            RawClient bad = RawClient.open(server);
            bad.send("CONNECT " + nkeyConnect(user.publicKey(), impostor, bad.info()) + "\r\nPING\r\n");
            bad.expectClosedAfter(VIOLATION);

            RawClient unknown = RawClient.open(server);
            unknown.send("CONNECT " + nkeyConnect(impostor.publicKey(), impostor, unknown.info()) + "\r\nPING\r\n");
            unknown.expectClosedAfter(VIOLATION);
            good.sync();
            good.close();
        }
    }

    private static String nkeyConnect(String publicKey, NKey signer, String info) throws Exception {
        String nonce = new ObjectMapper().readTree(info.substring(5)).get("nonce").asText();
        byte[] sig = signer.sign(nonce.getBytes(StandardCharsets.UTF_8));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        return "{\"verbose\":false,\"nkey\":\"" + publicKey + "\",\"sig\":\"" + encoded + "\"}";
    }

    @AllTargets
    void noAuthUserLetsClientsWithoutCredentialsIn(Target target) {
        String config = "authorization { users: [ {user: a, password: b} ] }\nno_auth_user: a";
        try (ServerUnderTest server = target.start(config);
                RawClient anonymous = RawClient.connect(server, "{\"verbose\":false}")) {
            // Credentials are optional, so INFO does not ask for them.
            assertFalse(anonymous.info().contains("auth_required"), anonymous.info());
            refused(server, "{\"verbose\":false,\"user\":\"a\",\"pass\":\"wrong\"}");
            anonymous.sync();
        }
    }

    @AllTargets
    void onlyTheSystemAccountConfiguredLetsClientsWithoutCredentialsIntoTheGlobalAccount(Target target) {
        String config = "accounts { SYS { users: [ {user: sys, password: p} ] } }\nsystem_account: SYS";
        try (ServerUnderTest server = target.start(config);
                RawClient sub = RawClient.connect(server, "{\"verbose\":false}");
                RawClient pub = RawClient.connect(server, "{\"verbose\":false}");
                RawClient sys = RawClient.connect(server, "{\"verbose\":false,\"user\":\"sys\",\"pass\":\"p\"}")) {
            // nats-server makes $G a user of its own for this, and INFO still asks for credentials.
            assertTrue(sub.info().contains("\"auth_required\":true"), sub.info());
            refused(server, "{\"verbose\":false,\"user\":\"sys\",\"pass\":\"wrong\"}");
            sub.send("SUB g 1\r\n").sync();
            sys.send("SUB g 1\r\n").sync();
            pub.send("PUB g 2\r\nhi\r\n").sync();
            sub.expectFrame("MSG g 1 2", "hi");
            sys.expectNothingPending();
        }
        String twoAccounts = "accounts { SYS { users: [ {user: sys, password: p} ] }, A { users: [ {user: a, password: p} ] } }"
                + "\nsystem_account: SYS";
        try (ServerUnderTest server = target.start(twoAccounts)) {
            refused(server, "{\"verbose\":false}");
        }
    }

    @AllTargets
    void anythingBeforeConnectIsAViolation(Target target) {
        try (ServerUnderTest server = target.start("authorization { token: t }");
                RawClient c = RawClient.open(server)) {
            c.send("PING\r\n");
            c.expectClosedAfter(VIOLATION);
        }
    }

    @AllTargets
    void silentClientTimesOut(Target target) {
        try (ServerUnderTest server = target.start("authorization { token: t, timeout: 0.5 }");
                RawClient c = RawClient.open(server)) {
            String seen = c.readUntilClosed(Duration.ofSeconds(5));
            assertTrue(seen.equals("-ERR 'Authentication Timeout'\r\n"), seen);
        }
    }

    private static void refused(ServerUnderTest server, String connectJson) {
        try (RawClient c = RawClient.open(server)) {
            c.send("CONNECT " + connectJson + "\r\nPING\r\n");
            c.expectClosedAfter(VIOLATION);
        }
    }
}
