package io.natsj.tests.operator;

import static io.natsj.tests.operator.JwtAccounts.activation;
import static io.natsj.tests.operator.JwtAccounts.ask;
import static io.natsj.tests.operator.JwtAccounts.export;
import static io.natsj.tests.operator.JwtAccounts.importOf;
import static io.natsj.tests.operator.JwtAccounts.newAccount;
import static io.natsj.tests.operator.JwtAccounts.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsj.nkeys.NKey;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports and imports carried by account JWTs, against natsj and nats-server 2.9.10 with the
 * same configuration: service imports with request/reply (remapped with {@code local_subject}
 * and with the older {@code to}), stream imports (prefixed with {@code to}, remapped with
 * {@code local_subject}), private exports that need an activation token, and expired or
 * revoked tokens.
 */
class AccountImportsTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration REFUSED = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @AllTargets
    void serviceImportCarriesRequestsAndReplies(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = accs.account(newAccount(), n -> export(n, "service", "help.>"));
        NKey importer = accs.account(newAccount(), n -> {
            importOf(n, "service", exporter, "help.me");
            importOf(n, "service", exporter, "help.local").put("local_subject", "ask.local");
            importOf(n, "service", exporter, "ask.old").put("to", "help.old");
        });
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection client = accs.connect(server, importer)) {
            serve(svc, "help.>", "answer");
            assertEquals("answer", ask(client, "help.me", WAIT));
            assertEquals("answer", ask(client, "ask.local", WAIT));
            assertEquals("answer", ask(client, "ask.old", WAIT));
            assertNull(ask(client, "help.other", REFUSED), "only imported subjects reach the exporter");
        }
    }

    @AllTargets
    void streamImportDeliversTheExportersMessages(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = accs.account(newAccount(), n -> export(n, "stream", "events.>"));
        NKey importer = accs.account(newAccount(), n -> {
            importOf(n, "stream", exporter, "events.a").put("to", "in");
            importOf(n, "stream", exporter, "events.b.*").put("local_subject", "mapped.$1");
        });
        try (ServerUnderTest server = target.start(accs.config());
                Connection reader = accs.connect(server, importer);
                Connection writer = accs.connect(server, exporter)) {
            Subscription prefixed = reader.subscribe("in.events.a");
            Subscription mapped = reader.subscribe("mapped.*");
            Subscription unmapped = reader.subscribe("events.>");
            reader.flush(WAIT);
            writer.publish("events.a", "one".getBytes(StandardCharsets.UTF_8));
            writer.publish("events.b.x", "two".getBytes(StandardCharsets.UTF_8));
            writer.publish("events.c", "three".getBytes(StandardCharsets.UTF_8));
            writer.flush(WAIT);
            Message m = prefixed.nextMessage(WAIT);
            assertNotNull(m, "prefixed stream import");
            assertEquals("one", new String(m.getData(), StandardCharsets.UTF_8));
            Message m2 = mapped.nextMessage(WAIT);
            assertNotNull(m2, "local_subject stream import");
            assertEquals("mapped.x", m2.getSubject());
            assertNull(unmapped.nextMessage(REFUSED), "nothing arrives under the exporter's subjects");
        }
    }

    @AllTargets
    void privateExportNeedsAnActivationToken(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = newAccount();
        NKey without = accs.account(newAccount(), n -> importOf(n, "service", exporter, "priv.svc"));
        NKey with = newAccount();
        accs.account(with, n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, with, "service", "priv.>", 0)));
        NKey stranger = newAccount();
        // A token issued to another account makes nats-server refuse the importer's JWT.
        NKey borrowed = accs.account(newAccount(), n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, stranger, "service", "priv.>", 0)));
        NKey streamed = newAccount();
        accs.account(streamed, n -> importOf(n, "stream", exporter, "priv.events")
                .put("token", activation(exporter, streamed, "stream", "priv.events", 0)));
        accs.account(exporter, n -> {
            export(n, "service", "priv.>").put("token_req", true);
            export(n, "stream", "priv.events").put("token_req", true);
        });
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection refused = accs.connect(server, without);
                Connection allowed = accs.connect(server, with);
                Connection reader = accs.connect(server, streamed)) {
            serve(svc, "priv.>", "secret");
            assertEquals("secret", ask(allowed, "priv.svc", WAIT));
            assertNull(ask(refused, "priv.svc", REFUSED), "no token, no import");
            assertThrows(Exception.class, () -> accs.connect(server, borrowed, Duration.ofMillis(500)).close(), "someone else's token");
            Subscription events = reader.subscribe("priv.events");
            reader.flush(WAIT);
            svc.publish("priv.events", "e".getBytes(StandardCharsets.UTF_8));
            assertNotNull(events.nextMessage(WAIT), "private stream import with its token");
        }
    }

    @AllTargets
    void expiredAndRevokedActivationsAreRefused(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        long now = System.currentTimeMillis() / 1000;
        NKey exporter = newAccount();
        NKey expired = newAccount();
        accs.account(expired, n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, expired, "service", "priv.>", now - 10)));
        NKey revoked = newAccount();
        accs.account(revoked, n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, revoked, "service", "priv.>", 0)));
        NKey valid = newAccount();
        accs.account(valid, n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, valid, "service", "priv.>", 0)));
        accs.account(exporter, n -> export(n, "service", "priv.>").put("token_req", true)
                .putObject("revocations").put(revoked.publicKey(), now + 1));
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection late = accs.connect(server, expired);
                Connection gone = accs.connect(server, revoked);
                Connection ok = accs.connect(server, valid)) {
            serve(svc, "priv.>", "secret");
            assertEquals("secret", ask(ok, "priv.svc", WAIT));
            assertNull(ask(late, "priv.svc", REFUSED), "expired activation");
            assertNull(ask(gone, "priv.svc", REFUSED), "revoked activation");
        }
    }

    /**
     * nats-server 2.9.10 finds the import by the token's subject when the token expires, so
     * the token here names the imported subject exactly (with a wider token nats-server keeps
     * the import; natsj ends it either way).
     */
    @AllTargets
    void anActivationThatExpiresEndsTheImport(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        long expires = System.currentTimeMillis() / 1000 + 3;
        NKey exporter = accs.account(newAccount(), n -> export(n, "service", "priv.>").put("token_req", true));
        NKey importer = newAccount();
        accs.account(importer, n -> importOf(n, "service", exporter, "priv.svc")
                .put("token", activation(exporter, importer, "service", "priv.svc", expires)));
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection client = accs.connect(server, importer)) {
            serve(svc, "priv.>", "secret");
            assertEquals("secret", ask(client, "priv.svc", WAIT));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String answer = "secret";
            while (answer != null && System.nanoTime() < deadline) {
                answer = ask(client, "priv.svc", REFUSED);
            }
            assertNull(answer, "the import ends when its activation expires");
        }
    }

    @AllTargets
    void accountUpdatesChangeImportsAndExportsLive(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = accs.account(newAccount(), n -> export(n, "service", "help.>"));
        NKey importer = accs.account(newAccount(), n -> { });
        try (ServerUnderTest server = target.start(accs.config());
                Connection sys = accs.connect(server, accs.op.system);
                Connection svc = accs.connect(server, exporter);
                Connection client = accs.connect(server, importer)) {
            serve(svc, "help.>", "answer");
            assertNull(ask(client, "help.me", REFUSED), "nothing imported yet");

            update(sys, importer, accs.jwt(importer, n -> importOf(n, "service", exporter, "help.me")));
            assertEquals("answer", poll(client, "answer"), "the import is added by the update");

            update(sys, exporter, accs.jwt(exporter, n -> export(n, "service", "other.>")));
            assertNull(poll(client, null), "the import ends when its export is withdrawn");
        }
    }

    @AllTargets
    void anImportRefusedAtFirstWorksOnceTheExporterExportsIt(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = accs.account(newAccount(), n -> export(n, "service", "other.>"));
        NKey importer = accs.account(newAccount(), n -> importOf(n, "service", exporter, "help.me"));
        try (ServerUnderTest server = target.start(accs.config());
                Connection sys = accs.connect(server, accs.op.system);
                Connection svc = accs.connect(server, exporter);
                Connection client = accs.connect(server, importer)) {
            serve(svc, "help.>", "answer");
            assertNull(ask(client, "help.me", REFUSED), "not exported yet");
            update(sys, exporter, accs.jwt(exporter, n -> export(n, "service", "help.>")));
            assertEquals("answer", poll(client, "answer"), "the import completes with the export");
        }
    }

    @AllTargets
    void theImportAndExportLimitsRefuseTheAccount(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = accs.account(newAccount(), n -> export(n, "service", "help.>"));
        NKey tooManyImports = accs.account(newAccount(), n -> {
            importOf(n, "service", exporter, "help.me");
            ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("limits")).put("imports", 0);
        });
        NKey tooManyExports = accs.account(newAccount(), n -> {
            export(n, "service", "x");
            ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("limits")).put("exports", 0);
        });
        try (ServerUnderTest server = target.start(accs.config())) {
            String[] names = {"imports", "exports"};
            NKey[] keys = {tooManyImports, tooManyExports};
            StringBuilder admitted = new StringBuilder();
            for (int i = 0; i < keys.length; i++) {
                try {
                    accs.connect(server, keys[i], Duration.ofMillis(500)).close();
                    admitted.append(names[i]).append(' ');
                } catch (Exception refused) {
                    // expected
                }
            }
            assertEquals("", admitted.toString(), "admitted despite the limit");
        }
    }

    private static void update(Connection sys, NKey account, String jwt) throws Exception {
        Message m = sys.request("$SYS.REQ.ACCOUNT." + account.publicKey() + ".CLAIMS.UPDATE",
                jwt.getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(m, "update answered");
        String body = new String(m.getData(), StandardCharsets.UTF_8);
        assertTrue(body.contains("jwt updated"), body);
    }

    /** Asks until the answer is {@code expected} or a deadline passes; returns the last answer. */
    private static String poll(Connection nc, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String answer = ask(nc, "help.me", REFUSED);
        while (!java.util.Objects.equals(answer, expected) && System.nanoTime() < deadline) {
            answer = ask(nc, "help.me", REFUSED);
        }
        return answer;
    }
}
