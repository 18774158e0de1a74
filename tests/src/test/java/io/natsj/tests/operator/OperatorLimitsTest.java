package io.natsj.tests.operator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits JWTs carry, against both servers: an account's connection limit, a user's
 * payload and subscription limits, and a user JWT that expires while connected.
 */
class OperatorLimitsTest {

    @TempDir
    Path dir;

    private static RawClient connected(ServerUnderTest server, String jwt, NKey user) throws Exception {
        RawClient c = RawClient.open(server);
        c.send("CONNECT " + OperatorModeTest.connect(jwt, user, c.info()) + "\r\nPING\r\n");
        return c;
    }

    @AllTargets
    void accountConnectionLimit(Target target) throws Exception {
        Operator op = new Operator(dir).account(a -> ((ObjectNode) Jwts.nats(a).get("limits")).put("conn", 1));
        NKey user = NKey.create(NKeyType.USER);
        String jwt = op.userJwt(user, new JwtUtils.UserClaim(null));
        try (ServerUnderTest server = target.start(op.config());
                RawClient first = connected(server, jwt, user)) {
            first.expectLine("PONG");
            try (RawClient second = connected(server, jwt, user)) {
                second.expectClosedAfter("-ERR 'maximum account active connections exceeded'\r\n");
            }
            first.sync();
        }
    }

    @AllTargets
    void userPayloadAndSubscriptionLimits(Target target) throws Exception {
        Operator op = new Operator(dir);
        NKey user = NKey.create(NKeyType.USER);
        String jwt = op.userJwt(user, new JwtUtils.UserClaim(null).payload(4).subs(1));
        try (ServerUnderTest server = target.start(op.config());
                RawClient c = connected(server, jwt, user)) {
            c.expectLine("PONG");
            c.send("SUB a 1\r\nSUB b 2\r\n");
            c.expectLine("-ERR 'maximum subscriptions exceeded'");
            c.send("PUB a 4\r\nfour\r\n");
            c.expectFrame("MSG a 1 4", "four");
            c.send("PUB a 5\r\nfive!\r\n");
            String seen = c.readUntilClosed(Duration.ofSeconds(5));
            assertTrue(seen.startsWith("-ERR 'Maximum Payload Violation'"), seen);
        }
    }

    /**
     * A user's and an account's {@code data} limits are carried by the JWTs but not enforced:
     * nats-server 2.9.10 has no code for them, so a client past them keeps publishing.
     */
    @AllTargets
    void dataLimitsAreNotEnforced(Target target) throws Exception {
        Operator op = new Operator(dir).account(a -> ((ObjectNode) Jwts.nats(a).get("limits")).put("data", 8));
        NKey user = NKey.create(NKeyType.USER);
        String jwt = op.userJwt(user, new JwtUtils.UserClaim(null).data(8));
        try (ServerUnderTest server = target.start(op.config());
                RawClient c = connected(server, jwt, user)) {
            c.expectLine("PONG");
            c.send("SUB a 1\r\n");
            for (int i = 0; i < 4; i++) {
                c.send("PUB a 16\r\nsixteen bytes!!!\r\n");
                c.expectFrame("MSG a 1 16", "sixteen bytes!!!");
            }
            c.sync();
        }
    }

    @AllTargets
    void expiringUserIsDisconnected(Target target) throws Exception {
        Operator op = new Operator(dir);
        NKey user = NKey.create(NKeyType.USER);
        ObjectNode claims = Jwts.claims("user", user.publicKey());
        claims.put("exp", System.currentTimeMillis() / 1000 + 2);
        ObjectNode nats = Jwts.nats(claims);
        nats.put("subs", -1).put("data", -1).put("payload", -1);
        String jwt = Jwts.sign(op.account, claims);
        try (ServerUnderTest server = target.start(op.config());
                RawClient c = connected(server, jwt, user)) {
            c.expectLine("PONG");
            String seen = c.readUntilClosed(Duration.ofSeconds(6));
            assertTrue(seen.contains("-ERR 'User Authentication Expired'"), seen);
        }
    }
}
