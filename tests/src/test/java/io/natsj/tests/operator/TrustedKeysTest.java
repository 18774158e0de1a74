package io.natsj.tests.operator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trusted}/{@code trusted_keys}: operator public keys trusted without an operator JWT,
 * against both servers: accounts those keys issued admit their users, others are refused, and
 * the start-up errors are nats-server's.
 */
class TrustedKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private String trustedConfig(JwtAccounts accs, String key, Map<String, String> extra) {
        Map<String, String> jwts = new java.util.LinkedHashMap<>(accs.op.accountJwts());
        jwts.putAll(extra);
        return key + ": [\"" + NKey.create(NKeyType.OPERATOR).publicKey() + "\", \"" + accs.op.operator.publicKey()
                + "\"]\nsystem_account: " + accs.op.system.publicKey() + "\nresolver: MEMORY\n" + Operator.preload(jwts);
    }

    @AllTargets
    void accountsOfATrustedKeyAdmitTheirUsers(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        // An account issued by an operator nobody trusts.
        NKey rogueOperator = NKey.create(NKeyType.OPERATOR);
        NKey rogue = NKey.create(NKeyType.ACCOUNT);
        String rogueJwt = Jwts.sign(rogueOperator, Operator.accountClaims(rogue));
        try (ServerUnderTest server = target.start(trustedConfig(accs, "trusted_keys", Map.of(rogue.publicKey(), rogueJwt)));
                Connection nc = accs.connect(server, accs.op.account)) {
            Subscription sub = nc.subscribe("hello");
            nc.publish("hello", "x".getBytes(StandardCharsets.UTF_8));
            assertNotNull(sub.nextMessage(WAIT));
            assertThrows(Exception.class, () -> accs.connect(server, rogue, Duration.ofMillis(500)).close(), "untrusted issuer");
        }
        try (ServerUnderTest server = target.start(trustedConfig(accs, "trusted", Map.of()));
                Connection nc = accs.connect(server, accs.op.account)) {
            nc.flush(WAIT);
        }
    }

    @AllTargets
    void badTrustedKeysStopStartup(Target target) {
        RuntimeException bad = assertThrows(RuntimeException.class,
                () -> target.start("trusted: [\"" + NKey.create(NKeyType.ACCOUNT).publicKey() + "\"]\n").close());
        assertTrue(bad.getMessage().contains("required to be a valid public operator nkey"), bad.getMessage());
        JwtAccounts accs = new JwtAccounts(dir);
        RuntimeException both = assertThrows(RuntimeException.class, () -> target.start(
                accs.config() + "trusted: \"" + accs.op.operator.publicKey() + "\"\n").close());
        assertTrue(both.getMessage().contains("conflicting options for 'TrustedKeys' and 'TrustedOperators'"),
                both.getMessage());
    }
}
