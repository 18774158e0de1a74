package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code full} directory resolvers of one cluster kept in step, as nats-server 2.9.10 keeps
 * them: an update pushed to one server ({@code $SYS.REQ.CLAIMS.UPDATE}) is stored by every
 * server; a server whose directory lacks an account asks the others when a user of it
 * connects ({@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP}), a {@code cache} too, whose files go
 * when their {@code ttl} passes; and every {@code interval} the
 * directories are compared and merged ({@code $SYS.REQ.CLAIMS.PACK}). Each server has its own
 * directory; every pairing of natsj and nats-server 2.9.10.
 */
class DirSyncClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    private final NKey x = JwtAccounts.newAccount();

    /** A new account pushed to A is in B's directory, and B admits its users. */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void updatePushedToOneServerReachesTheOthers(String kindA, String kindB) throws Exception {
        JwtAccounts accounts = new JwtAccounts(dir);
        ClusterNode[] ab = cluster(accounts, kindA, kindB, Map.of(), "2m");

        Connection sys = keep(accounts, ab[0], accounts.system());
        Message ok = sys.request("$SYS.REQ.CLAIMS.UPDATE", accounts.jwt(x, n -> { }).getBytes(StandardCharsets.UTF_8),
                WAIT);
        assertNotNull(ok, "no answer to the update");
        assertTrue(new String(ok.getData(), StandardCharsets.UTF_8).contains("jwt updated"),
                new String(ok.getData(), StandardCharsets.UTF_8));
        Path onB = dir.resolve("jwt-B").resolve(x.publicKey() + ".jwt");
        run.await(() -> Files.exists(onB), () -> "the update never reached B's directory" + run.describe());
        exchange(accounts, ab[1], ab[0]);
    }

    /** B's directory lacks X: a user of X on B is admitted after B asked A. */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void missingAccountLookedUpOnConnect(String kindA, String kindB) throws Exception {
        JwtAccounts accounts = new JwtAccounts(dir);
        ClusterNode[] ab = cluster(accounts, kindA, kindB, Map.of(x.publicKey(), accounts.jwt(x, n -> { })), "2m");
        // B's system account interest in the lookup answers must be known to A first.
        Connection sysB = keep(accounts, ab[1], accounts.system());
        Connection sysA = keep(accounts, ab[0], accounts.system());
        run.awaitRoute(sysA, sysB);

        Connection onB = keep(accounts, ab[1], x);
        assertTrue(onB.getStatus() == Connection.Status.CONNECTED);
        assertTrue(Files.exists(dir.resolve("jwt-B").resolve(x.publicKey() + ".jwt")), "B stored what it looked up");
        exchange(accounts, ab[1], ab[0]);
    }

    /**
     * B's directory lacks X when A's subscriptions in X (a plain one and a queue group's) reach
     * it over the route: B asks the cluster for X and keeps that interest meanwhile, so that a
     * publisher of X arriving on B later reaches A's subscribers. nats-server registers the
     * account and its interest at once and fetches the JWT when it is used; natsj once dropped
     * the RS+ and never heard it again. The directories' merge {@code interval} is long so
     * that it brings X to B no sooner.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void interestInAnAccountLookedUpForTheRoute(String kindA, String kindB) throws Exception {
        JwtAccounts accounts = new JwtAccounts(dir);
        ClusterNode[] ab = cluster(accounts, kindA, kindB, Map.of(x.publicKey(), accounts.jwt(x, n -> { })), "2m");
        Connection sysA = keep(accounts, ab[0], accounts.system());
        Connection sysB = keep(accounts, ab[1], accounts.system());
        // Each side's lookup service and reply inbox known to the other.
        run.awaitRoute(sysA, sysB);
        run.awaitRoute(sysB, sysA);

        Connection onA = keep(accounts, ab[0], x);
        Subscription plain = onA.subscribe("hello");
        Subscription queued = onA.subscribe("work", "workers");
        onA.flush(WAIT);
        // Interest A gains later reached B after those RS+: B has seen them, without X.
        run.awaitRoute(sysB, sysA);

        Connection onB = keep(accounts, ab[1], x);
        boolean[] got = new boolean[2];
        run.await(() -> {
            onB.publish("hello", "x".getBytes(StandardCharsets.UTF_8));
            onB.publish("work", "y".getBytes(StandardCharsets.UTF_8));
            try {
                got[0] |= plain.nextMessage(Duration.ofMillis(50)) != null;
                got[1] |= queued.nextMessage(Duration.ofMillis(50)) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return got[0] && got[1];
        }, () -> "a publisher of X on B never reached A's subscribers (plain " + got[0] + ", queue " + got[1] + ")"
                + run.describe());
    }

    /** B's directory lacks X: within a few intervals the pack exchange brings it. */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void directoriesMergedEveryInterval(String kindA, String kindB) throws Exception {
        JwtAccounts accounts = new JwtAccounts(dir);
        ClusterNode[] ab = cluster(accounts, kindA, kindB, Map.of(x.publicKey(), accounts.jwt(x, n -> { })), "1s");
        Path onB = dir.resolve("jwt-B").resolve(x.publicKey() + ".jwt");
        Path onA = dir.resolve("jwt-A").resolve(x.publicKey() + ".jwt");
        run.await(Duration.ofSeconds(20), () -> Files.exists(onB), () -> "the pack exchange never brought X to B"
                + run.describe());
        run.await(() -> {
            try {
                return Files.readString(onB).strip().equals(Files.readString(onA).strip());
            } catch (java.io.IOException e) {
                return false;
            }
        }, () -> "B's copy differs from A's");
    }

    /**
     * B is a {@code cache} with a {@code ttl}: it fetches X from A when a user of X connects,
     * removes the file once the ttl passed, and still admits X's users (the account stays in
     * use, as nats-server keeps it registered).
     */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"natsj,natsj", "natsj,nats-server", "nats-server,natsj", "nats-server,nats-server"})
    void cacheTtlRemovesFetchedFiles(String kindA, String kindB) throws Exception {
        JwtAccounts accounts = new JwtAccounts(dir);
        if (kindA.equals("nats-server") || kindB.equals("nats-server")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
        Map<String, String> system = Map.of(accounts.system().publicKey(), accounts.systemJwt());
        Map<String, String> a = new LinkedHashMap<>(system);
        a.put(x.publicKey(), accounts.jwt(x, n -> { }));
        ClusterNode nodeA = run.add(start(accounts, kindA, "A", List.of(), a, "type: full, interval: \"2m\""));
        ClusterNode nodeB = run.add(start(accounts, kindB, "B", List.of(nodeA.routeUrl()), system,
                "type: cache, ttl: \"2s\""));
        run.await(() -> nodeA.routeIds().size() == 1 && nodeB.routeIds().size() == 1);
        run.awaitRoute(keep(accounts, nodeA, accounts.system()), keep(accounts, nodeB, accounts.system()));

        Path onB = dir.resolve("jwt-B").resolve(x.publicKey() + ".jwt");
        Connection first = keep(accounts, nodeB, x);
        assertTrue(Files.exists(onB), "B stored what it fetched");
        run.await(() -> !Files.exists(onB), () -> "B's cached file outlived its ttl" + run.describe());
        assertEquals(Connection.Status.CONNECTED, first.getStatus());
        exchange(accounts, nodeB, nodeA);
    }

    /**
     * A starts with {@code onlyOnA} besides the system account in its directory, B with the
     * system account only.
     */
    private ClusterNode[] cluster(JwtAccounts accounts, String kindA, String kindB, Map<String, String> onlyOnA,
                                  String interval) throws Exception {
        if (kindA.equals("nats-server") || kindB.equals("nats-server")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put(accounts.system().publicKey(), accounts.systemJwt());
        a.putAll(onlyOnA);
        String full = "type: full, interval: \"" + interval + "\"";
        ClusterNode nodeA = run.add(start(accounts, kindA, "A", List.of(), a, full));
        ClusterNode nodeB = run.add(start(accounts, kindB, "B", List.of(nodeA.routeUrl()),
                Map.of(accounts.system().publicKey(), accounts.systemJwt()), full));
        run.await(() -> nodeA.routeIds().size() == 1 && nodeB.routeIds().size() == 1);
        return new ClusterNode[] {nodeA, nodeB};
    }

    /**
     * @param resolver the resolver block's keys but {@code dir}
     */
    private ClusterNode start(JwtAccounts accounts, String kind, String name, List<String> routes,
                              Map<String, String> preload, String resolver) throws Exception {
        Path jwtDir = Files.createDirectories(dir.resolve("jwt-" + name));
        String conf = accounts.operatorConfig() + "resolver: { " + resolver + ", dir: \"" + jwtDir + "\" }\n"
                + JwtAccounts.preload(preload);
        return kind.equals("natsj") ? ClusterNode.natsj(name, routes, "", conf) : ClusterNode.go(name, routes, "", conf);
    }

    /** A user of X on each server: a message from {@code from} reaches {@code to}. */
    private void exchange(JwtAccounts accounts, ClusterNode from, ClusterNode to) throws Exception {
        Connection sub = keep(accounts, to, x);
        Subscription s = sub.subscribe("hello");
        sub.flush(WAIT);
        Connection pub = keep(accounts, from, x);
        run.await(() -> {
            pub.publish("hello", "x".getBytes(StandardCharsets.UTF_8));
            try {
                return s.nextMessage(Duration.ofMillis(100)) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> "a user of X on " + from + " never reached one on " + to + run.describe());
        assertEquals(Connection.Status.CONNECTED, pub.getStatus());
    }

    private Connection keep(JwtAccounts accounts, ClusterNode node, NKey account) throws Exception {
        return run.keep(accounts.connect(node.clientUrl(), account));
    }
}
