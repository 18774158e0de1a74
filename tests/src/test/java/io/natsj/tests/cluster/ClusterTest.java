package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three servers in separate processes, each on ephemeral ports, joined from one seed: the
 * mesh forms by gossip, messages and queue groups cross it exactly once, jnats learns every
 * server and fails over, and natsj and nats-server 2.9.10 form one cluster.
 */
class ClusterTest {

    private static final Duration WAIT = ClusterRun.WAIT;

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @Test
    void meshFormsFromOneSeedAndClientsLearnEveryServer() throws Exception {
        List<ClusterNode> cluster = cluster(false);
        for (ClusterNode n : cluster) {
            JsonNode routez = n.monitor("/routez");
            assertEquals(2, routez.path("num_routes").asInt(), n + ": " + routez);
            for (JsonNode r : routez.path("routes")) {
                assertTrue(r.path("rid").asLong() > 0);
                assertTrue(r.has("did_solicit") && r.has("is_configured") && r.has("rtt") && r.has("in_msgs"), r.toString());
            }
            assertEquals(2, n.monitor("/varz").path("routes").asInt(), n + " varz routes");
        }
        // A client of the seed hears of the two servers that joined later.
        Connection nc = run.connect(cluster.get(0), null);
        run.await(() -> {
            java.util.Collection<String> servers = nc.getServers();
            return servers.stream().anyMatch(s -> s.contains(":" + cluster.get(1).clientPort()))
                    && servers.stream().anyMatch(s -> s.contains(":" + cluster.get(2).clientPort()));
        }, () -> "jnats servers " + nc.getServers());
    }

    @Test
    void messagesCrossEveryPairExactlyOnce() throws Exception {
        List<ClusterNode> cluster = cluster(false);
        run.exchangeBetweenAll(cluster, null, "all");
    }

    @Test
    void queueGroupDeliversOnceAcrossTheCluster() throws Exception {
        List<ClusterNode> cluster = cluster(false);
        Map<String, AtomicInteger> perServer = new ConcurrentHashMap<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger plain = new AtomicInteger();
        List<Connection> members = new ArrayList<>();
        // Members on the two servers the publisher is not on: natsj prefers local members, so
        // a member next to the publisher would take every message.
        for (ClusterNode n : cluster.subList(1, 3)) {
            for (int i = 0; i < 2; i++) {
                Connection c = run.connect(n, null);
                c.createDispatcher(m -> {
                    perServer.computeIfAbsent(n.name(), k -> new AtomicInteger()).incrementAndGet();
                    if (!seen.add(new String(m.getData(), StandardCharsets.UTF_8))) {
                        duplicates.incrementAndGet();
                    }
                }).subscribe("work", "workers");
                members.add(c);
            }
        }
        Connection watcher = run.connect(cluster.get(2), null);
        watcher.createDispatcher(m -> plain.incrementAndGet()).subscribe("work");
        Connection publisher = run.connect(cluster.get(0), null);
        for (Connection c : members) {
            run.awaitRoute(publisher, c);
        }
        run.awaitRoute(publisher, watcher);
        int total = 300;
        for (int i = 0; i < total; i++) {
            publisher.publish("work", ("job-" + i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.flush(WAIT);
        run.await(() -> seen.size() == total && plain.get() == total,
                () -> "queue got " + seen.size() + ", plain " + plain.get() + ", per server " + perServer);
        assertEquals(0, duplicates.get(), "a queue message was delivered twice");
        for (ClusterNode n : cluster.subList(1, 3)) {
            assertTrue(perServer.getOrDefault(n.name(), new AtomicInteger()).get() > 0,
                    "no queue member on " + n.name() + " got work: " + perServer);
        }
        // A member joins next to the publisher: from then on it takes the work.
        AtomicInteger local = new AtomicInteger();
        Connection near = run.connect(cluster.get(0), null);
        near.createDispatcher(m -> local.incrementAndGet()).subscribe("work", "workers");
        near.flush(WAIT);
        for (int i = 0; i < 50; i++) {
            publisher.publish("work", ("near-" + i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.flush(WAIT);
        run.await(() -> local.get() == 50 && plain.get() == total + 50, () -> "local member got " + local.get());
        assertEquals(total, seen.size(), "nothing of the second batch went to another server");
    }

    @Test
    void requestReplyAcrossServers() throws Exception {
        List<ClusterNode> cluster = cluster(false);
        Connection responder = run.connect(cluster.get(2), null);
        responder.createDispatcher(m -> responder.publish(m.getReplyTo(),
                ("re:" + new String(m.getData(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)))
                .subscribe("service");
        responder.flush(WAIT);
        for (ClusterNode n : List.of(cluster.get(0), cluster.get(1))) {
            Connection requester = run.connect(n, null);
            run.awaitRoute(requester, responder);
            Message reply = requester.request("service", "ping".getBytes(StandardCharsets.UTF_8), WAIT);
            assertNotNull(reply, "no reply via " + n);
            assertEquals("re:ping", new String(reply.getData(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void clientFailsOverWhenItsServerDiesAndKeepsItsSubscription() throws Exception {
        List<ClusterNode> cluster = cluster(false);
        ClusterNode doomed = cluster.get(1);
        CountDownLatch reconnected = new CountDownLatch(1);
        Connection nc = Nats.connect(Options.builder().server(doomed.clientUrl())
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).connectionTimeout(Duration.ofSeconds(2))
                .connectionListener((conn, event) -> {
                    if (event == ConnectionListener.Events.RECONNECTED) {
                        reconnected.countDown();
                    }
                }).build());
        run.keep(nc);
        run.await(() -> nc.getServers().size() >= 3, () -> "jnats servers " + nc.getServers());
        Subscription sub = nc.subscribe("survive");
        nc.flush(WAIT);

        doomed.kill();
        assertTrue(reconnected.await(WAIT.toSeconds(), TimeUnit.SECONDS), "jnats did not fail over");
        String now = nc.getConnectedUrl();
        assertTrue(!now.contains(":" + doomed.clientPort()), "still on the dead server: " + now);

        Connection publisher = run.connect(cluster.get(0), null);
        // The subscription was replayed on the new server and reaches the publisher's server.
        int[] i = {0};
        Message[] got = new Message[1];
        run.await(() -> {
            publisher.publish("survive", ("m" + i[0]++).getBytes(StandardCharsets.UTF_8));
            try {
                got[0] = sub.nextMessage(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return got[0] != null;
        }, () -> "no message after failover; routez " + cluster.get(0).monitor("/routez"));
        // The dead server's route is gone from the survivors.
        run.await(() -> cluster.get(0).monitor("/routez").path("num_routes").asInt() == 1, () -> "routes left");
    }

    @Test
    void natsjAndNatsServerFormOneCluster() throws Exception {
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        List<ClusterNode> cluster = cluster(true);
        ClusterNode go = cluster.get(1);
        assertEquals(2, go.monitor("/routez").path("num_routes").asInt(), "nats-server's routes");
        run.exchangeBetweenAll(cluster, null, "all");
        // Headers cross both ways.
        Connection onGo = run.connect(go, null);
        Connection onNatsj = run.connect(cluster.get(2), null);
        Subscription sub = onGo.subscribe("hdr");
        onGo.flush(WAIT);
        run.awaitRoute(onNatsj, onGo);
        io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers().add("X-Test", "1");
        onNatsj.publish("hdr", headers, "body".getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "header message from natsj to nats-server");
        assertEquals("1", m.getHeaders().getFirst("X-Test"));
    }

    @Test
    void routesRunOverTlsBetweenNatsjAndNatsServer() throws Exception {
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        // One block for both directions; peers must present a certificate (nats-server's rule).
        String tls = "tls { cert_file: \"" + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem")
                + "\", ca_file: \"" + cert("ca.pem") + "\", timeout: 5 }";
        ClusterNode seed = ClusterNode.natsj("A", List.of(), tls);
        run.add(seed);
        ClusterNode go = ClusterNode.go("B", List.of(seed.routeUrl()), tls);
        run.add(go);
        ClusterNode other = ClusterNode.natsj("C", List.of(seed.routeUrl()), tls);
        run.add(other);
        List<ClusterNode> all = List.of(seed, go, other);
        run.await(() -> all.stream().allMatch(n -> n.routeIds().size() == 2), () -> "mesh not formed: " + run.describe());
        assertTrue(seed.monitor("/varz").path("cluster").path("tls_required").asBoolean(), "natsj announces TLS");
        run.exchangeBetweenAll(all, null, "all");
    }

    private static String cert(String name) {
        try {
            return java.nio.file.Path.of(ClusterTest.class.getResource("/certs/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * Three servers: a natsj seed, then two servers that only know the seed (the middle one is
     * nats-server when {@code goInMiddle}); returns once each lists the other two in /routez.
     */
    private List<ClusterNode> cluster(boolean goInMiddle) throws Exception {
        ClusterNode seed = run.add(ClusterNode.natsj("A", List.of(), ""));
        List<ClusterNode> all = run.startJoining(seed,
                route -> goInMiddle ? ClusterNode.go("B", List.of(route), "") : ClusterNode.natsj("B", List.of(route), ""),
                route -> ClusterNode.natsj("C", List.of(route), ""));
        Map<ClusterNode, String> ids = run.serverIds();
        run.await(() -> all.stream().allMatch(n -> {
            Set<String> expected = new HashSet<>(ids.values());
            expected.remove(ids.get(n));
            return new HashSet<>(n.routeIds()).equals(expected) && n.routeIds().size() == 2;
        }), () -> "mesh not formed: " + run.describe());
        return all;
    }
}
