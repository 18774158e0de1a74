package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsj.nkeys.NKey;
import io.natsj.tests.operator.JwtAccounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Operator mode across gateways: an account first used after the gateways registered is
 * switched to interest-only mode on each inbound connection (as nats-server 2.9.10 does when
 * it registers an account), and a cluster that has not used the account yet resolves it when
 * the other cluster's RS+ names it (from its directory, or, when the directory lacks it, from
 * the other cluster). Every pairing of natsj and nats-server 2.9.10.
 */
class OperatorGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    private final NKey x = JwtAccounts.newAccount();
    private JwtAccounts accounts;

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void accountUsedAfterRegistrationCrosses(String kindA, String kindB) throws Exception {
        if (kindA.equals("nats-server") || kindB.equals("nats-server")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
        accounts = new JwtAccounts(dir);
        accounts.account(x, n -> { });
        ClusterNode a = run.add(node(kindA, "A", ""));
        ClusterNode b = run.add(node(kindB, "B", ", gateways: [ { name: A, url: \"" + a.gatewayUrl() + "\" } ]"));
        run.await(Duration.ofSeconds(20), () -> outbound(a, "B") && outbound(b, "A"),
                () -> "gateways up: " + a.monitor("/gatewayz") + " / " + b.monitor("/gatewayz"));

        Connection onA = run.keep(accounts.connect(a.clientUrl(), x));
        Subscription news = onA.subscribe("news.>");
        onA.createDispatcher(m -> onA.publish(m.getReplyTo(), ("re:" + text(m)).getBytes(StandardCharsets.UTF_8)))
                .subscribe("svc");
        onA.flush(WAIT);
        Connection onB = run.keep(accounts.connect(b.clientUrl(), x));
        run.await(Duration.ofSeconds(10), () -> {
            onB.publish("news.warmup", new byte[0]);
            try {
                return news.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> "X's interest on A never reached B" + run.describe());
        for (int i = 0; i < 20; i++) {
            onB.publish("news." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        onB.flush(WAIT);
        for (int i = 0; i < 20; i++) {
            Message m = news.nextMessage(WAIT);
            // The warm-up's other copies may still be on their way, however late: not timed out.
            while (m != null && m.getSubject().equals("news.warmup")) {
                m = news.nextMessage(WAIT);
            }
            assertNotNull(m, "message " + i);
            assertEquals("news." + i, m.getSubject());
        }
        Message reply = onB.request("svc", "ping".getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(reply, "no reply across the gateway" + run.describe());
        assertEquals("re:ping", text(reply));
    }

    /**
     * Clusters with {@code full} directories, X pushed to A's only (a long merge
     * {@code interval}): A's subscriber's RS+ reaches B before B has X, and B looks X up from
     * the other cluster meanwhile, so that a publisher of X arriving on B later reaches it.
     */
    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void interestInAnAccountLookedUpForTheGateway(String kindA, String kindB) throws Exception {
        if (kindA.equals("nats-server") || kindB.equals("nats-server")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
        accounts = new JwtAccounts(dir);
        java.util.Map<String, String> system = java.util.Map.of(accounts.system().publicKey(), accounts.systemJwt());
        java.util.Map<String, String> onA = new java.util.LinkedHashMap<>(system);
        onA.put(x.publicKey(), accounts.jwt(x, n -> { }));
        ClusterNode a = run.add(node(kindA, "A", "", directory("A", onA)));
        ClusterNode b = run.add(node(kindB, "B", ", gateways: [ { name: A, url: \"" + a.gatewayUrl() + "\" } ]",
                directory("B", system)));
        run.await(Duration.ofSeconds(20), () -> outbound(a, "B") && outbound(b, "A"),
                () -> "gateways up: " + a.monitor("/gatewayz") + " / " + b.monitor("/gatewayz"));
        Connection sysA = run.keep(accounts.connect(a.clientUrl(), accounts.system()));
        Connection sysB = run.keep(accounts.connect(b.clientUrl(), accounts.system()));
        run.awaitRoute(sysA, sysB);
        run.awaitRoute(sysB, sysA);

        Connection subA = run.keep(accounts.connect(a.clientUrl(), x));
        Subscription news = subA.subscribe("news");
        subA.flush(WAIT);
        // Interest A gains later reached B after that RS+: B has seen it, without X.
        run.awaitRoute(sysB, sysA);

        Connection pubB = run.keep(accounts.connect(b.clientUrl(), x));
        run.await(Duration.ofSeconds(10), () -> {
            pubB.publish("news", new byte[0]);
            try {
                return news.nextMessage(Duration.ofMillis(100)) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> "a publisher of X on B never reached A's subscriber" + run.describe());
    }

    private String directory(String name, java.util.Map<String, String> preload) throws java.io.IOException {
        Path jwtDir = Files.createDirectories(dir.resolve("jwt-" + name));
        return accounts.operatorConfig() + "resolver: { type: full, interval: \"2m\", dir: \"" + jwtDir + "\" }\n"
                + JwtAccounts.preload(preload);
    }

    private ClusterNode node(String kind, String cluster, String gateways) {
        return node(kind, cluster, gateways, accounts.config());
    }

    private ClusterNode node(String kind, String cluster, String gateways, String operator) {
        String gateway = "gateway { name: " + cluster + ", listen: \"127.0.0.1:-1\"" + gateways + " }\n"
                + operator;
        return kind.equals("natsj") ? ClusterNode.natsj(cluster + "1", List.of(), "name: " + cluster, gateway)
                : ClusterNode.go(cluster + "1", List.of(), "name: " + cluster, gateway);
    }

    private static boolean outbound(ClusterNode n, String to) {
        return !n.monitor("/gatewayz").path("outbound_gateways").path(to).isMissingNode();
    }

    private static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
