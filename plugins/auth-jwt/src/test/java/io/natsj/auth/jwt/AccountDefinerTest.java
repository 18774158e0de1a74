package io.natsj.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.auth.AccountDefinition;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Account JWT exports and imports turned into the kernel's definition: subjects as nats-server
 * 2.9.10 derives them, activation tokens (signing keys included), JetStream limits.
 */
class AccountDefinerTest {

    private final NKey operator = NKey.create(NKeyType.OPERATOR);
    private final NKey exporter = NKey.create(NKeyType.ACCOUNT);
    private final NKey importer = NKey.create(NKeyType.ACCOUNT);
    private final MemoryResolver resolver = new MemoryResolver();
    private final AccountExpiry expiry = new AccountExpiry(Clock.systemUTC());
    private final AccountDefiner definer = new AccountDefiner(
            new TrustedAccounts(List.of(operator.publicKey()), resolver, expiry), Clock.systemUTC());

    @AfterEach
    void close() {
        definer.close();
        expiry.close();
    }

    private void account(NKey key, Consumer<ObjectNode> nats) {
        ObjectNode claims = TestJwts.claims("account", key.publicKey());
        // As nsc writes them: an account JWT without limits may carry no import or export.
        TestJwts.nats(claims).putObject("limits").put("imports", -1).put("exports", -1);
        nats.accept(TestJwts.nats(claims));
        resolver.store(key.publicKey(), TestJwts.sign(operator, claims));
    }

    private static ObjectNode imp(ObjectNode nats, String type, NKey from, String subject) {
        var list = nats.has("imports") ? (com.fasterxml.jackson.databind.node.ArrayNode) nats.get("imports")
                : nats.putArray("imports");
        return list.addObject().put("type", type).put("account", from.publicKey()).put("subject", subject);
    }

    private String activation(NKey signer, String issuerAccount, String subject) {
        ObjectNode c = TestJwts.claims("activation", importer.publicKey());
        TestJwts.nats(c).put("subject", subject).put("kind", "service");
        if (issuerAccount != null) {
            TestJwts.nats(c).put("issuer_account", issuerAccount);
        }
        return TestJwts.sign(signer, c);
    }

    @Test
    void subjectsAreDerivedAsNatsServerDoes() {
        account(exporter, n -> {
            n.putArray("exports").addObject().put("type", "stream").put("subject", "ev.>");
            ((com.fasterxml.jackson.databind.node.ArrayNode) n.get("exports")).addObject().put("type", "service")
                    .put("subject", "svc.>").put("response_type", "Stream").put("response_threshold", 5_000_000_000L);
        });
        account(importer, n -> {
            imp(n, "stream", exporter, "ev.a").put("to", "pre");
            imp(n, "stream", exporter, "ev.b.*").put("local_subject", "b.$1");
            imp(n, "service", exporter, "local.q").put("to", "svc.q");
            imp(n, "service", exporter, "svc.r").put("local_subject", "r");
        });
        AccountDefinition d = definer.define(importer.publicKey()).orElseThrow();
        assertEquals(List.of(
                new AccountDefinition.Import(false, exporter.publicKey(), "ev.a", "pre.ev.a"),
                new AccountDefinition.Import(false, exporter.publicKey(), "ev.b.*", "b.$1"),
                new AccountDefinition.Import(true, exporter.publicKey(), "svc.q", "local.q"),
                new AccountDefinition.Import(true, exporter.publicKey(), "svc.r", "r")), d.imports());
        AccountDefinition e = definer.define(exporter.publicKey()).orElseThrow();
        assertEquals("Stream", e.exports().get(1).responseType());
        assertEquals(java.time.Duration.ofSeconds(5), e.exports().get(1).responseThreshold());
    }

    @Test
    void tokenRequiredExportsNeedAnActivationBySigningKeyOrAccount() {
        NKey signingKey = NKey.create(NKeyType.ACCOUNT);
        account(exporter, n -> {
            n.putArray("signing_keys").add(signingKey.publicKey());
            n.putArray("exports").addObject().put("type", "service").put("subject", "p.>").put("token_req", true);
        });
        account(importer, n -> {
            imp(n, "service", exporter, "p.none");
            imp(n, "service", exporter, "p.own").put("token", activation(exporter, null, "p.own"));
            imp(n, "service", exporter, "p.sk").put("token", activation(signingKey, exporter.publicKey(), "p.>"));
            NKey stranger = NKey.create(NKeyType.ACCOUNT);
            imp(n, "service", exporter, "p.stranger").put("token", activation(stranger, exporter.publicKey(), "p.>"));
        });
        List<String> allowed = definer.define(importer.publicKey()).orElseThrow().imports().stream()
                .map(AccountDefinition.Import::subject).toList();
        assertEquals(List.of("p.own", "p.sk"), allowed);
    }

    @Test
    void aTokenNotAboutItsImportRefusesTheAccount() {
        account(exporter, n -> n.putArray("exports").addObject().put("type", "service").put("subject", "p.>"));
        account(importer, n -> imp(n, "service", exporter, "q.x").put("token", activation(exporter, null, "p.>")));
        assertTrue(definer.define(importer.publicKey()).isEmpty());
        TrustedAccounts accounts = new TrustedAccounts(List.of(operator.publicKey()), resolver, expiry);
        JwtException e = assertThrows(JwtException.class,
                () -> accounts.lookup(importer.publicKey(), System.currentTimeMillis() / 1000));
        assertEquals("activation token import subject \"p.>\" doesn't match import \"q.x\"", e.getMessage());
    }

    @Test
    void aTokenGivenAsAUrlRefusesTheAccount() {
        account(exporter, n -> n.putArray("exports").addObject().put("type", "service").put("subject", "p.>")
                .put("token_req", true));
        account(importer, n -> {
            imp(n, "service", exporter, "p.url").put("token", "https://example.invalid/token");
            imp(n, "service", exporter, "p.own").put("token", activation(exporter, null, "p.own"));
        });
        assertTrue(definer.define(importer.publicKey()).isEmpty());
        TrustedAccounts accounts = new TrustedAccounts(List.of(operator.publicKey()), resolver, expiry);
        JwtException e = assertThrows(JwtException.class,
                () -> accounts.lookup(importer.publicKey(), System.currentTimeMillis() / 1000));
        assertEquals("import \"p.url\" contains an invalid activation token", e.getMessage());
    }

    @Test
    void jetStreamLimitsBecomeTheAccountsJetStreamSetting() {
        account(exporter, n -> ((ObjectNode) n.get("limits")).put("mem_storage", 1024).put("disk_storage", -1)
                .put("streams", 2).put("consumer", 3));
        account(importer, n -> ((ObjectNode) n.get("limits")).put("conn", -1));
        var js = definer.define(exporter.publicKey()).orElseThrow().settings().toConfig().getConfig("jetstream");
        assertEquals(1024, js.getLong("max_mem"));
        assertEquals(-1, js.getLong("max_file"));
        assertEquals(2, js.getLong("max_streams"));
        assertEquals(3, js.getLong("max_consumers"));
        assertEquals(-1, js.getLong("mem_max_stream_bytes"));
        assertTrue(definer.define(importer.publicKey()).orElseThrow().settings().isEmpty(), "no JetStream");
    }
}
