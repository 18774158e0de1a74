package io.natsj.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator-mode keys, read and checked at start-up as nats-server does.
 */
class JwtSettingsTest {

    private final NKey operator = NKey.create(NKeyType.OPERATOR);
    private final NKey account = NKey.create(NKeyType.ACCOUNT);
    private final NKey system = NKey.create(NKeyType.ACCOUNT);

    private String operatorJwt(String systemAccount) {
        ObjectNode o = TestJwts.claims("operator", operator.publicKey());
        if (systemAccount != null) {
            TestJwts.nats(o).put("system_account", systemAccount);
        }
        return TestJwts.sign(operator, o);
    }

    private static Config section(Map<String, Object> keys) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, Object> e : keys.entrySet()) {
            c = c.withValue("\"" + e.getKey() + "\"", ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return c;
    }

    private static JwtSettings read(Map<String, Object> keys) {
        return JwtSettings.read(section(keys), ConfigFactory.empty());
    }

    private static String message(Map<String, Object> keys) {
        return assertThrows(PluginException.class, () -> read(keys)).getMessage();
    }

    @Test
    void inlineOperatorWithMemoryResolverAndPreloads() {
        String accountJwt = TestJwts.sign(operator, TestJwts.claims("account", account.publicKey()));
        JwtSettings s = read(Map.of("operator", operatorJwt(system.publicKey()), "resolver", "MEMORY",
                "resolver_preload", Map.of(account.publicKey(), accountJwt)));
        assertEquals(List.of(operator.publicKey()), s.trustedKeys());
        assertEquals(system.publicKey(), s.systemAccount());
        assertEquals(Map.of(account.publicKey(), accountJwt), s.preload());
    }

    @Test
    void operatorFromADecoratedFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("op.jwt");
        Files.writeString(file, "-----BEGIN NATS OPERATOR JWT-----\n" + operatorJwt(null)
                + "\n------END NATS OPERATOR JWT------\n");
        JwtSettings s = read(Map.of("operator", file.toString(), "resolver", "mem"));
        assertEquals(operator.publicKey(), s.operators().getFirst().common().subject());
        assertEquals("", s.systemAccount());
    }

    @Test
    void noOperatorMeansNoJwtAuthentication() {
        assertNull(read(Map.of("system_account", "SYS")));
        assertTrue(message(Map.of("resolver", "MEMORY")).contains("needs an operator"));
    }

    @Test
    void resolverBlocksAreCheckedAsNatsServerChecksThem(@TempDir Path dir) {
        String op = operatorJwt(system.publicKey());
        String d = dir.resolve("jwt").toString();
        assertTrue(read(Map.of("operator", op, "resolver", Map.of("type", "full", "dir", d, "interval", "2m",
                "allow_delete", false))).resolver() instanceof DirResolver);
        assertTrue(Files.isDirectory(dir.resolve("jwt")), "dir created");
        assertTrue(read(Map.of("operator", op, "resolver", Map.of("type", "cache", "dir", d, "limit", 10)))
                .resolver() instanceof DirResolver);
        assertEquals("resolver: CACHE does not accept sync",
                message(Map.of("operator", op, "resolver", Map.of("type", "cache", "dir", d, "interval", "1m"))));
        assertEquals("resolver: CACHE does not accept allow_delete",
                message(Map.of("operator", op, "resolver", Map.of("type", "cache", "dir", d, "allow_delete", true))));
        assertEquals("resolver: FULL does not accept ttl",
                message(Map.of("operator", op, "resolver", Map.of("type", "full", "dir", d, "ttl", "1h"))));
        assertEquals(java.time.Duration.ofHours(1), ((DirResolver) read(Map.of("operator", op, "resolver",
                Map.of("type", "cache", "dir", d, "ttl", "1h"))).resolver()).ttl());
        assertEquals("resolver: dir has no value and needs to point to a directory",
                message(Map.of("operator", op, "resolver", Map.of("type", "full"))));
        assertTrue(message(Map.of("operator", op, "resolver", Map.of("type", "other", "dir", d)))
                .contains("should be MEM or"));
        assertTrue(message(Map.of("operator", op, "resolver", Map.of("type", "full", "dir", d, "interval", "2x")))
                .contains("invalid duration"));
        assertTrue(message(Map.of("operator", op, "resolver", Map.of("type", "full", "dir", d, "sharded", true)))
                .startsWith("resolver.sharded: "));
        assertTrue(read(Map.of("operator", op, "resolver", Map.of("type", "full", "dir", d, "allow_delete", true)))
                .resolver().allowsDelete());
        assertEquals("operators require an account resolver to be configured", message(Map.of("operator", op)));
    }

    @Test
    void aUrlResolverThatCannotBeReachedStopsStartup() throws Exception {
        String op = operatorJwt(system.publicKey());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/jwt/v1/accounts/";
        assertTrue(message(Map.of("operator", op, "resolver", "URL(" + url + ")"))
                .startsWith("resolver: could not fetch <\"" + url + "\">"));
        assertTrue(message(Map.of("operator", op, "resolver", "URL(nourl)")).contains("account resolver url"));
    }

    @Test
    void badOperatorsAndPreloadsStopStartup() {
        assertTrue(message(Map.of("operator", "/no/such/file.jwt", "resolver", "MEMORY"))
                .startsWith("operator: error parsing operator JWT: open /no/such/file.jwt"));
        String op = operatorJwt(null);
        String truncated = op.substring(0, op.length() - 10);
        assertTrue(message(Map.of("operator", truncated, "resolver", "MEMORY")).contains("signature verification"));
        assertTrue(message(Map.of("operator", op, "resolver", "MEMORY", "resolver_preload",
                Map.of(account.publicKey(), "not-a-jwt"))).startsWith("preload account error for \""));
    }

    @Test
    void systemAccountInConfigMustBeTheOperatorsOne() {
        assertEquals("system_account in config and operator JWT must be identical", message(Map.of(
                "operator", operatorJwt(system.publicKey()), "resolver", "MEMORY", "system_account", account.publicKey())));
        assertEquals(system.publicKey(), read(Map.of("operator", operatorJwt(system.publicKey()), "resolver", "MEMORY",
                "system_account", system.publicKey())).systemAccount());
    }

    @Test
    void operatorsAssertingANewerServerAreRefused() {
        ObjectNode o = TestJwts.claims("operator", operator.publicKey());
        TestJwts.nats(o).put("assert_server_version", "2.10.0");
        assertEquals("operator " + operator.publicKey() + " expected minor version 10 > server minor version 9",
                message(Map.of("operator", TestJwts.sign(operator, o), "resolver", "MEMORY")));
    }

    @Test
    void strictSigningKeyUsageTrustsOnlyTheSigningKeys() {
        NKey signer = NKey.create(NKeyType.OPERATOR);
        ObjectNode o = TestJwts.claims("operator", operator.publicKey());
        TestJwts.nats(o).put("strict_signing_key_usage", true);
        TestJwts.nats(o).putArray("signing_keys").add(signer.publicKey());
        JwtSettings s = read(Map.of("operator", TestJwts.sign(operator, o), "resolver", "MEMORY"));
        assertEquals(List.of(signer.publicKey()), s.trustedKeys());
    }

    @Test
    void trustedKeysWithoutAnOperatorJwt() {
        NKey other = NKey.create(NKeyType.OPERATOR);
        JwtSettings s = read(Map.of("trusted_keys", List.of(operator.publicKey(), other.publicKey()),
                "resolver", "MEMORY", "system_account", system.publicKey()));
        assertEquals(List.of(operator.publicKey(), other.publicKey()), s.trustedKeys());
        assertEquals(system.publicKey(), s.systemAccount());
        assertEquals(List.of(operator.publicKey()), read(Map.of("trusted", operator.publicKey())).trustedKeys());
        assertEquals("trust key \"" + account.publicKey() + "\" required to be a valid public operator nkey",
                message(Map.of("trusted", List.of(account.publicKey()))));
        assertEquals("conflicting options for 'TrustedKeys' and 'TrustedOperators'",
                message(Map.of("trusted", operator.publicKey(), "operator", operatorJwt(null), "resolver", "MEMORY")));
        assertEquals("resolver_preload: preloaded accounts need a resolver (config key 'resolver')",
                message(Map.of("trusted", operator.publicKey(), "resolver_preload", Map.of())));
    }
}
