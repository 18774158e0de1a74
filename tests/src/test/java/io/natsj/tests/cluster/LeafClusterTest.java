package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A leaf node on one server of a two-server hub cluster: interest travels leaf → A → B and
 * B → A → leaf (the hub forwards its routes' interest to its leaves, and its leaves' interest
 * to its routes), messages and requests cross two hops exactly once, and a queue group with
 * members on the far hub server and on the leaf serves each message once. natsj and
 * nats-server 2.9.10 as the hub servers (also mixed) and as the leaf.
 */
class LeafClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static final String LEAF_LISTEN = "leafnodes { listen: \"127.0.0.1:-1\" }";

    private static ClusterNode hubServer(String kind, String name, List<String> routes) {
        return kind.equals("natsj") ? ClusterNode.natsj(name, routes, "name: HUB", LEAF_LISTEN)
                : ClusterNode.go(name, routes, "name: HUB", LEAF_LISTEN);
    }

    /** @return A and B (a cluster), and the leaf dialling A, once A and B route and A lists the leaf */
    private ClusterNode[] hubClusterAndLeaf(String a, String b, String leaf) {
        ClusterNode hubA = run.add(hubServer(a, "A", List.of()));
        ClusterNode hubB = run.add(hubServer(b, "B", List.of(hubA.routeUrl())));
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + hubA.leafPort() + "\" } ] }", ""));
        run.await(() -> LeafNodeTest.leafCount(hubA) == 1 && LeafNodeTest.leafCount(l) == 1
                && hubA.monitor("/routez").path("num_routes").asInt() == 1
                && hubB.monitor("/routez").path("num_routes").asInt() == 1);
        return new ClusterNode[] {hubA, hubB, l};
    }

    @ParameterizedTest(name = "hub {0}+{1}, leaf {2}")
    @CsvSource({"natsj, natsj, natsj", "natsj, natsj, nats-server", "nats-server, nats-server, natsj",
        "natsj, nats-server, natsj", "nats-server, natsj, natsj"})
    void messagesCrossTheLeafAndTheRouteBothWaysOnce(String a, String b, String leaf) throws Exception {
        ClusterNode[] n = hubClusterAndLeaf(a, b, leaf);
        Connection farHub = run.connect(n[1], null);
        Connection onLeaf = run.connect(n[2], null);
        exchange(farHub, onLeaf, "down");
        exchange(onLeaf, farHub, "up");
    }

    private void exchange(Connection pub, Connection sub, String subject) throws Exception {
        Subscription s = sub.subscribe(subject + ".>");
        sub.flush(WAIT);
        run.awaitRoute(pub, sub);
        for (int i = 0; i < 50; i++) {
            pub.publish(subject + "." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        pub.flush(WAIT);
        for (int i = 0; i < 50; i++) {
            Message m = s.nextMessage(WAIT);
            assertNotNull(m, subject + " message " + i);
            assertEquals(subject + "." + i, m.getSubject());
        }
        assertNull(s.nextMessage(Duration.ofMillis(300)), "each message once");
        s.unsubscribe();
    }

    @ParameterizedTest(name = "hub {0}+{1}, leaf {2}")
    @CsvSource({"natsj, natsj, natsj", "natsj, nats-server, natsj"})
    void requestsCrossTwoHopsBothWays(String a, String b, String leaf) throws Exception {
        ClusterNode[] n = hubClusterAndLeaf(a, b, leaf);
        Connection farHub = run.connect(n[1], null);
        Connection onLeaf = run.connect(n[2], null);
        serve(farHub, "hub.svc");
        serve(onLeaf, "leaf.svc");
        run.await(() -> LeafNodeTest.request(onLeaf, "hub.svc", "x") != null
                && LeafNodeTest.request(farHub, "leaf.svc", "x") != null,
                () -> "services reachable across route and leaf connection");
        for (int i = 0; i < 10; i++) {
            assertEquals("re:a" + i, LeafNodeTest.request(onLeaf, "hub.svc", "a" + i));
            assertEquals("re:b" + i, LeafNodeTest.request(farHub, "leaf.svc", "b" + i));
        }
    }

    private static void serve(Connection c, String subject) throws Exception {
        c.createDispatcher(m -> c.publish(m.getReplyTo(), ("re:" + new String(m.getData(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))).subscribe(subject);
        c.flush(WAIT);
    }

    @ParameterizedTest(name = "hub {0}+{1}, leaf {2}")
    @CsvSource({"natsj, natsj, natsj", "nats-server, nats-server, natsj"})
    void aQueueGroupOnTheFarHubServerAndTheLeafServesEachMessageOnce(String a, String b, String leaf)
            throws Exception {
        ClusterNode[] n = hubClusterAndLeaf(a, b, leaf);
        Connection onA = run.connect(n[0], null);
        Connection farHub = run.connect(n[1], null);
        Connection onLeaf = run.connect(n[2], null);
        Subscription hubMember = farHub.subscribe("work", "workers");
        Subscription leafMember = onLeaf.subscribe("work", "workers");
        farHub.flush(WAIT);
        onLeaf.flush(WAIT);
        run.awaitRoute(onA, farHub);
        run.awaitRoute(onA, onLeaf);
        for (int i = 0; i < 50; i++) {
            onA.publish("work", new byte[0]);
        }
        onA.flush(WAIT);
        assertEquals(50, ClusterRun.collect(50, hubMember, leafMember), "each message to one member");
    }
}
