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
 * A hub and a leaf node over plain TCP, natsj and nats-server 2.9.10 in every pairing: messages
 * and requests cross both ways on interest, a queue group with members on both sides serves each
 * message once, and an unsubscribe withdraws the interest (LS-) on the other side.
 */
class LeafNodeTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    static ClusterNode node(String kind, String name, String leafnodes, String extra) {
        return kind.equals("natsj") ? ClusterNode.natsj(name, List.of(), "name: " + name, leafnodes + "\n" + extra)
                : ClusterNode.go(name, List.of(), "name: " + name, leafnodes + "\n" + extra);
    }

    /** Starts the hub, then the leaf dialling it, and waits until each lists the other in /leafz. */
    private ClusterNode[] hubAndLeaf(String hub, String leaf) {
        ClusterNode h = run.add(node(hub, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }", ""));
        ClusterNode l = run.add(node(leaf, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: \"nats-leaf://127.0.0.1:"
                + h.leafPort() + "\" } ] }", ""));
        run.await(() -> leafCount(h) == 1 && leafCount(l) == 1);
        return new ClusterNode[] {h, l};
    }

    static int leafCount(ClusterNode n) {
        return n.monitor("/leafz").path("leafnodes").asInt();
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void messagesCrossBothWaysOnce(String hub, String leaf) throws Exception {
        ClusterNode[] n = hubAndLeaf(hub, leaf);
        Connection onHub = run.connect(n[0], null);
        Connection onLeaf = run.connect(n[1], null);
        exchange(onHub, onLeaf, "down");
        exchange(onLeaf, onHub, "up");
    }

    private void exchange(Connection pub, Connection sub, String subject) throws Exception {
        Subscription s = sub.subscribe(subject + ".>");
        sub.flush(Duration.ofSeconds(5));
        run.awaitRoute(pub, sub);
        for (int i = 0; i < 50; i++) {
            pub.publish(subject + "." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        pub.flush(Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            Message m = s.nextMessage(Duration.ofSeconds(5));
            assertNotNull(m, subject + " message " + i);
            assertEquals(subject + "." + i, m.getSubject());
        }
        assertNull(s.nextMessage(Duration.ofMillis(300)), "each message once");
        s.unsubscribe();
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void requestsCrossBothWays(String hub, String leaf) throws Exception {
        ClusterNode[] n = hubAndLeaf(hub, leaf);
        Connection onHub = run.connect(n[0], null);
        Connection onLeaf = run.connect(n[1], null);
        serve(onHub, "hub.svc");
        serve(onLeaf, "leaf.svc");
        run.await(() -> request(onLeaf, "hub.svc", "x") != null && request(onHub, "leaf.svc", "x") != null,
                () -> "services reachable across the leaf connection");
        for (int i = 0; i < 10; i++) {
            assertEquals("re:a" + i, request(onLeaf, "hub.svc", "a" + i));
            assertEquals("re:b" + i, request(onHub, "leaf.svc", "b" + i));
        }
    }

    private static void serve(Connection c, String subject) throws Exception {
        c.createDispatcher(m -> c.publish(m.getReplyTo(), ("re:" + new String(m.getData(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))).subscribe(subject);
        c.flush(Duration.ofSeconds(5));
    }

    static String request(Connection c, String subject, String body) {
        try {
            Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
            return m == null ? null : new String(m.getData(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aQueueGroupAcrossHubAndLeafServesEachMessageOnce(String hub, String leaf) throws Exception {
        ClusterNode[] n = hubAndLeaf(hub, leaf);
        Connection onHub = run.connect(n[0], null);
        Connection onLeaf = run.connect(n[1], null);
        Subscription hubMember = onHub.subscribe("work", "workers");
        Subscription leafMember = onLeaf.subscribe("work", "workers");
        onHub.flush(Duration.ofSeconds(5));
        onLeaf.flush(Duration.ofSeconds(5));
        run.awaitRoute(onHub, onLeaf);
        run.awaitRoute(onLeaf, onHub);
        for (Connection pub : List.of(onHub, onLeaf)) {
            for (int i = 0; i < 50; i++) {
                pub.publish("work", new byte[0]);
            }
            pub.flush(Duration.ofSeconds(5));
            assertEquals(50, ClusterRun.collect(50, hubMember, leafMember),
                    "each message to one member, published on " + pub.getConnectedUrl());
        }
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void anUnsubscribeWithdrawsTheInterestOnTheOtherSide(String hub, String leaf) throws Exception {
        ClusterNode[] n = hubAndLeaf(hub, leaf);
        Connection onHub = run.connect(n[0], null);
        Connection onLeaf = run.connect(n[1], null);
        run.awaitRoute(onHub, onLeaf);
        run.await(() -> !subjects(n[0]).contains("probe.>"), () -> "probes gone: " + subjects(n[0]));
        Subscription s = onLeaf.subscribe("watched.subject");
        onLeaf.flush(Duration.ofSeconds(5));
        run.await(() -> subjects(n[0]).contains("watched.subject"), () -> "LS+ reached the hub: " + subjects(n[0]));
        s.unsubscribe();
        onLeaf.flush(Duration.ofSeconds(5));
        run.await(() -> !subjects(n[0]).contains("watched.subject"), () -> "LS- reached the hub: " + subjects(n[0]));
        Subscription h = onHub.subscribe("hub.watched");
        onHub.flush(Duration.ofSeconds(5));
        run.await(() -> subjects(n[1]).contains("hub.watched"), () -> "LS+ reached the leaf: " + subjects(n[1]));
        h.unsubscribe();
        onHub.flush(Duration.ofSeconds(5));
        run.await(() -> !subjects(n[1]).contains("hub.watched"), () -> "LS- reached the leaf: " + subjects(n[1]));
    }

    /** @return the subjects the other side of the server's leaf connection subscribed here */
    static String subjects(ClusterNode node) {
        return node.monitor("/leafz?subs=1").path("leafs").path(0).path("subscriptions_list").toString();
    }
}
