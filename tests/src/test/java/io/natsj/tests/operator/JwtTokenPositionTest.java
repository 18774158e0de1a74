package io.natsj.tests.operator;

import static io.natsj.tests.operator.JwtAccounts.ask;
import static io.natsj.tests.operator.JwtAccounts.export;
import static io.natsj.tests.operator.JwtAccounts.importOf;
import static io.natsj.tests.operator.JwtAccounts.newAccount;
import static io.natsj.tests.operator.JwtAccounts.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.Connection;
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
 * {@code account_token_position} on account JWT exports, against natsj and nats-server 2.9.10:
 * an import is approved only when the importer's public key is that token of the imported
 * subject (even for a {@code token_req} export, without an activation token); an import of
 * the wildcard subject itself, or with another account's key, is left out; an export whose
 * position does not name a {@code *} token makes the exporter's JWT refused.
 */
class JwtTokenPositionTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration REFUSED = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @AllTargets
    void importerKeyAtThePositionIsApproved(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey exporter = newAccount();
        NKey importer = newAccount();
        NKey other = newAccount();
        String me = importer.publicKey();
        accs.account(exporter, n -> {
            export(n, "service", "svc.*.ask").put("account_token_position", 2).put("token_req", true);
            export(n, "stream", "feed.*.news").put("account_token_position", 2);
        });
        accs.account(importer, n -> {
            importOf(n, "service", exporter, "svc." + me + ".ask").put("local_subject", "ask");
            importOf(n, "stream", exporter, "feed." + me + ".news").put("local_subject", "news");
        });
        accs.account(other, n -> {
            importOf(n, "service", exporter, "svc." + me + ".ask").put("local_subject", "ask");
            importOf(n, "stream", exporter, "feed.*.news");
        });
        try (ServerUnderTest server = target.start(accs.config());
                Connection svc = accs.connect(server, exporter);
                Connection mine = accs.connect(server, importer);
                Connection stranger = accs.connect(server, other)) {
            serve(svc, "svc.*.ask", "yours");
            assertEquals("yours", ask(mine, "ask", WAIT));
            assertNull(ask(stranger, "ask", REFUSED), "another account's key at the position");
            Subscription news = mine.subscribe("news");
            Subscription all = stranger.subscribe("feed.>");
            mine.flush(WAIT);
            stranger.flush(WAIT);
            svc.publish("feed." + me + ".news", "n".getBytes(StandardCharsets.UTF_8));
            svc.flush(WAIT);
            assertNotNull(news.nextMessage(WAIT), "stream import with the importer's key");
            assertNull(all.nextMessage(REFUSED), "an import of the wildcard subject itself is not approved");
        }
    }

    @AllTargets
    void positionNotAtAWildcardRefusesTheExporter(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey notWildcard = accs.account(newAccount(),
                n -> export(n, "stream", "feed.*.news").put("account_token_position", 3));
        NKey tooLong = accs.account(newAccount(),
                n -> export(n, "service", "svc.*").put("account_token_position", 3));
        NKey literal = accs.account(newAccount(),
                n -> export(n, "service", "svc.x").put("account_token_position", 1));
        NKey fine = accs.account(newAccount(),
                n -> export(n, "service", "svc.*").put("account_token_position", 2));
        try (ServerUnderTest server = target.start(accs.config())) {
            for (NKey bad : new NKey[] {notWildcard, tooLong, literal}) {
                assertThrows(Exception.class, () -> accs.connect(server, bad, REFUSED).close());
            }
            accs.connect(server, fine).close();
        }
    }
}
