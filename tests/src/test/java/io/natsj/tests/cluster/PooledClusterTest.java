package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route pooling ({@code cluster.pool_size: 3}) between natsj processes: three connections per
 * pair of servers, each carrying only the accounts that hash to its index (ACC_B to 0, ACC_C
 * to 1, ACC_A to 2), messages and queue groups crossing exactly once; and a pooled natsj with
 * nats-server 2.9.10, which does not pool, on one connection.
 */
class PooledClusterTest {

    private static final Duration WAIT = ClusterRun.WAIT;
    private static final String POOL = "pool_size: 3";
    private static final String ACCOUNTS = """
            accounts {
              ACC_A: { users: [ {user: a, password: a} ] }
              ACC_B: { users: [ {user: b, password: b} ] }
              ACC_C: { users: [ {user: c, password: c} ] }
            }
            """;
    /** Account to user; the accounts hash to pool indexes 2, 0 and 1 with 3 connections. */
    private static final Map<String, String> USERS = Map.of("ACC_A", "a", "ACC_B", "b", "ACC_C", "c");

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @Test
    void threePooledServersKeepThreeConnectionsPerPeerAndEachAccountCrossesOnce() throws Exception {
        List<ClusterNode> cluster = cluster(false);
        for (ClusterNode n : cluster) {
            JsonNode routez = n.monitor("/routez");
            assertEquals(6, routez.path("num_routes").asInt(), n + ": " + routez);
            assertEquals(6, n.monitor("/varz").path("routes").asInt(), n + " varz routes");
        }
        for (String account : USERS.keySet()) {
            run.exchangeBetweenAll(cluster, USERS.get(account), account);
        }
        queueGroupOnce(cluster, "ACC_B");
        queueGroupOnce(cluster, "ACC_A");
        // Each pool connection carried the interest of its own accounts only.
        for (ClusterNode n : cluster) {
            Map<String, Map<String, Integer>> accountToEntry = new HashMap<>();
            int entry = 0;
            for (JsonNode r : n.monitor("/routez?subs=detail").path("routes")) {
                Set<Integer> indexes = new HashSet<>();
                for (JsonNode d : r.path("subscriptions_list_detail")) {
                    String account = d.path("sid").asText().split(" ")[0];
                    indexes.add(poolIndex(account, 3));
                    Integer before = accountToEntry.computeIfAbsent(r.path("remote_id").asText(), k -> new HashMap<>())
                            .putIfAbsent(account, entry);
                    assertTrue(before == null || before == entry, n + ": " + account + " on two connections of a peer");
                }
                assertTrue(indexes.size() <= 1, n + ": one connection carried accounts of pool indexes " + indexes);
                entry++;
            }
        }
    }

    @Test
    void pooledNatsjAndNatsServer2910UseOneConnection() throws Exception {
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        List<ClusterNode> cluster = cluster(true);
        ClusterNode go = cluster.get(1);
        assertEquals(2, go.monitor("/routez").path("num_routes").asInt(), "nats-server's routes");
        for (ClusterNode n : List.of(cluster.get(0), cluster.get(2))) {
            List<String> ids = n.routeIds();
            assertEquals(4, ids.size(), n + ": 3 to the other natsj, 1 to nats-server: " + ids);
            assertEquals(1, ids.stream().filter(id -> id.equals(go.serverId())).count(), n + ": " + ids);
        }
        for (String account : List.of("ACC_A", "ACC_B", "ACC_C")) {
            run.exchangeBetweenAll(cluster, USERS.get(account), account);
        }
        queueGroupOnce(cluster, "ACC_C");
    }

    /** nats-server 2.10's computeRoutePoolIdx, for the check: FNV-1a 32 over the name, mod size. */
    private static int poolIndex(String account, int size) {
        int h = 0x811c9dc5;
        for (byte b : account.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return (int) (Integer.toUnsignedLong(h) % size);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * A pooled natsj seed, then two servers that only know it (the middle one nats-server 2.9.10,
     * unpooled, when {@code goInMiddle}); returns once each lists every expected connection.
     */
    private List<ClusterNode> cluster(boolean goInMiddle) throws Exception {
        ClusterNode seed = run.add(ClusterNode.natsj("A", List.of(), POOL, ACCOUNTS));
        List<ClusterNode> all = run.startJoining(seed,
                route -> goInMiddle
                        ? ClusterNode.go("B", List.of(route), "", ACCOUNTS)
                        : ClusterNode.natsj("B", List.of(route), POOL, ACCOUNTS),
                route -> ClusterNode.natsj("C", List.of(route), POOL, ACCOUNTS));
        Map<ClusterNode, String> ids = run.serverIds();
        ClusterNode go = goInMiddle ? all.get(1) : null;
        run.await(() -> all.stream().allMatch(n -> {
            Map<String, Integer> expected = new HashMap<>();
            for (ClusterNode other : all) {
                if (other != n) {
                    expected.put(ids.get(other), n == go || other == go ? 1 : 3);
                }
            }
            Map<String, Integer> seen = new HashMap<>();
            n.routeIds().forEach(id -> seen.merge(id, 1, Integer::sum));
            return seen.equals(expected);
        }), () -> "pooled mesh not formed: " + run.describe());
        return all;
    }

    /**
     * Two queue members on each server but the seed, in one account; 300 messages from the seed
     * arrive once each (none stay on the seed: natsj would prefer a member there).
     */
    private void queueGroupOnce(List<ClusterNode> cluster, String account) throws Exception {
        Map<String, AtomicInteger> perServer = new ConcurrentHashMap<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<Connection> members = new ArrayList<>();
        List<ClusterNode> away = cluster.subList(1, cluster.size());
        for (ClusterNode n : away) {
            for (int i = 0; i < 2; i++) {
                Connection c = connect(n, account);
                c.createDispatcher(m -> {
                    perServer.computeIfAbsent(n.name(), k -> new AtomicInteger()).incrementAndGet();
                    if (!seen.add(new String(m.getData(), StandardCharsets.UTF_8))) {
                        duplicates.incrementAndGet();
                    }
                }).subscribe("work", "workers");
                members.add(c);
            }
        }
        Connection publisher = connect(cluster.get(0), account);
        for (Connection c : members) {
            run.awaitRoute(publisher, c);
        }
        int total = 300;
        for (int i = 0; i < total; i++) {
            publisher.publish("work", ("job-" + i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.flush(WAIT);
        run.await(() -> seen.size() == total, () -> account + " queue got " + seen.size() + ", per server " + perServer);
        for (Connection c : members) {
            c.flush(WAIT);
        }
        assertEquals(0, duplicates.get(), account + ": a queue message was delivered twice");
        for (ClusterNode n : away) {
            assertTrue(perServer.getOrDefault(n.name(), new AtomicInteger()).get() > 0,
                    account + ": no queue member on " + n.name() + " got work: " + perServer);
        }
    }

    private Connection connect(ClusterNode n, String account) throws Exception {
        return run.connect(n, USERS.get(account));
    }
}
