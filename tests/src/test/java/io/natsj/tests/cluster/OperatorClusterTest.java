package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsj.nkeys.NKey;
import io.natsj.tests.operator.JwtAccounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Operator mode across routes: accounts are resolved lazily, so server B may hear a route's
 * RS+ for an account none of its users has used yet. It must resolve the account then (as
 * nats-server looks it up when a route names it), else the interest is lost and B's later
 * users publish into nothing. Every pairing of natsj and nats-server 2.9.10, with a
 * {@code MEMORY} resolver and with a {@code full} directory resolver (a directory per server).
 */
class OperatorClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    private final NKey x = JwtAccounts.newAccount();
    private final NKey y = JwtAccounts.newAccount();
    private final NKey probe = JwtAccounts.newAccount();
    private JwtAccounts accounts;

    /**
     * A user of X subscribes on A before any user of X comes to B; B's users then publish,
     * request and feed a queue group served on A.
     */
    @ParameterizedTest(name = "{0} + {1}, {2}")
    @CsvSource({"natsj,natsj,memory", "natsj,nats-server,memory", "nats-server,natsj,memory",
            "nats-server,nats-server,memory", "natsj,natsj,full", "natsj,nats-server,full",
            "nats-server,natsj,full"})
    void accountResolvedWhenARouteNamesIt(String kindA, String kindB, String resolver) throws Exception {
        accounts = new JwtAccounts(dir);
        accounts.account(x, n -> { });
        accounts.account(probe, n -> { });
        ClusterNode[] ab = cluster(kindA, kindB, resolver);

        Connection onA = keep(ab[0], x);
        Subscription plain = onA.subscribe("x.>");
        Subscription queued = onA.subscribe("work", "q");
        onA.createDispatcher(m -> onA.publish(m.getReplyTo(), ("re:" + text(m)).getBytes(StandardCharsets.UTF_8)))
                .subscribe("svc");
        onA.flush(WAIT);
        awaitInterestCrossed(ab[1], ab[0]);

        Connection onB = keep(ab[1], x);
        onB.publish("x.1", "hello".getBytes(StandardCharsets.UTF_8));
        Message got = plain.nextMessage(WAIT);
        assertNotNull(got, "a message of X from B never reached A's subscriber" + run.describe());
        assertEquals("hello", text(got));

        Message reply = onB.request("svc", "ping".getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(reply, "no reply across the route" + run.describe());
        assertEquals("re:ping", text(reply));

        for (int i = 0; i < 10; i++) {
            onB.publish("work", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        onB.flush(WAIT);
        for (int i = 0; i < 10; i++) {
            assertNotNull(queued.nextMessage(WAIT), "queue member on A missed message " + i);
        }

        // A queue member on B too: each message once, whichever member takes it.
        AtomicInteger onBQueue = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Dispatcher d = onB.createDispatcher(m -> {
            onBQueue.incrementAndGet();
            seen.add(text(m));
        });
        d.subscribe("work", "q");
        onB.flush(WAIT);
        Connection publisher = keep(ab[0], x);
        int fromA = 0;
        for (int i = 0; i < 20; i++) {
            publisher.publish("work", ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.flush(WAIT);
        Message m;
        while ((m = queued.nextMessage(Duration.ofMillis(300))) != null) {
            fromA++;
            seen.add(text(m));
        }
        int takenOnA = fromA;
        run.await(() -> takenOnA + onBQueue.get() >= 20, () -> "queue group got " + (takenOnA + onBQueue.get()));
        assertEquals(20, takenOnA + onBQueue.get(), "each queued message exactly once");
        assertEquals(20, seen.size());
    }

    /**
     * Y imports X's service and stream; X's responder and publisher are on A, Y's user on B,
     * which has never had a user of X.
     */
    @ParameterizedTest(name = "{0} + {1}, {2}")
    @CsvSource({"natsj,natsj,memory", "natsj,nats-server,memory", "nats-server,natsj,memory",
            "nats-server,nats-server,memory", "natsj,nats-server,full", "nats-server,natsj,full"})
    void importsAcrossTheCluster(String kindA, String kindB, String resolver) throws Exception {
        accounts = new JwtAccounts(dir);
        accounts.account(x, n -> {
            JwtAccounts.export(n, "service", "svc.>");
            JwtAccounts.export(n, "stream", "news.>");
        });
        accounts.account(y, n -> {
            JwtAccounts.importOf(n, "service", x, "svc.>");
            JwtAccounts.importOf(n, "stream", x, "news.>");
        });
        accounts.account(probe, n -> { });
        ClusterNode[] ab = cluster(kindA, kindB, resolver);

        Connection exporter = keep(ab[0], x);
        JwtAccounts.serve(exporter, "svc.time", "noon");
        awaitInterestCrossed(ab[1], ab[0]);

        Connection importer = keep(ab[1], y);
        Subscription news = importer.subscribe("news.>");
        importer.flush(WAIT);
        assertEquals("noon", JwtAccounts.ask(importer, "svc.time", WAIT), "service import across the route"
                + run.describe());
        run.await(() -> {
            exporter.publish("news.today", "rain".getBytes(StandardCharsets.UTF_8));
            try {
                Message n = news.nextMessage(Duration.ofMillis(100));
                return n != null && text(n).equals("rain");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> "stream import never crossed the route" + run.describe());
    }

    /** Starts A and B in one cluster and waits for the route both ways. */
    private ClusterNode[] cluster(String kindA, String kindB, String resolver) throws Exception {
        if (kindA.equals("nats-server") || kindB.equals("nats-server")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
        ClusterNode a = run.add(start(kindA, "A", List.of(), resolver));
        ClusterNode b = run.add(start(kindB, "B", List.of(a.routeUrl()), resolver));
        run.await(() -> a.routeIds().size() == 1 && b.routeIds().size() == 1);
        return new ClusterNode[] {a, b};
    }

    private ClusterNode start(String kind, String name, List<String> routes, String resolver) throws Exception {
        String conf = resolver.equals("memory") ? accounts.config()
                : accounts.fullResolverConfig(Files.createDirectories(dir.resolve("jwt-" + name)));
        return kind.equals("natsj") ? ClusterNode.natsj(name, routes, "", conf) : ClusterNode.go(name, routes, "", conf);
    }

    /**
     * Waits until what {@code from}'s users subscribed earlier is known on {@code to}: a probe
     * account's subscription made after them crosses the same route after them.
     */
    private void awaitInterestCrossed(ClusterNode to, ClusterNode from) throws Exception {
        run.awaitRoute(keep(to, probe), keep(from, probe));
    }

    private Connection keep(ClusterNode node, NKey account) throws Exception {
        return run.keep(accounts.connect(node.clientUrl(), account));
    }

    private static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
