package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What may cross a leaf connection, natsj and nats-server 2.9.10 in every pairing: a remote's
 * {@code deny_exports} keeps messages from going to the hub (even to a wildcard subscriber
 * there), its {@code deny_imports} keeps the hub's messages out (literal and wildcard
 * subscribers on the leaf); a hub-side leaf user's permissions (a client user, without
 * {@code leafnodes.authorization}) limit both directions.
 */
class LeafPermissionsTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private ClusterNode[] hubAndLeaf(String hubKind, String leafKind, String hubExtra, String url, String remoteExtra) {
        ClusterNode h = run.add(LeafNodeTest.node(hubKind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }", hubExtra));
        ClusterNode l = run.add(LeafNodeTest.node(leafKind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: \""
                + url + h.leafPort() + "\", " + remoteExtra + " } ] }", ""));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        return new ClusterNode[] {h, l};
    }

    /**
     * Publishes the refused subject, then the allowed one: once the allowed one arrives the
     * refused one would have arrived before it.
     */
    private static void onlyAllowedArrives(Connection pub, Subscription sub, String refused, String allowed)
            throws Exception {
        pub.publish(refused, new byte[] {1});
        pub.publish(allowed, new byte[] {2});
        pub.flush(Duration.ofSeconds(5));
        Message m = sub.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, allowed + " arrives");
        assertEquals(allowed, m.getSubject());
        assertNull(sub.nextMessage(Duration.ofMillis(200)), "nothing else");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void denyExportsKeepsMessagesFromTheHub(String hubKind, String leafKind) throws Exception {
        ClusterNode[] n = hubAndLeaf(hubKind, leafKind, "", "nats-leaf://127.0.0.1:",
                "deny_exports: [\"out.secret\", \"hidden.>\"]");
        Connection onHub = run.connect(n[0], null);
        Connection onLeaf = run.connect(n[1], null);
        Subscription wide = onHub.subscribe("out.>");
        Subscription hidden = onHub.subscribe("hidden.x");
        onHub.flush(Duration.ofSeconds(5));
        run.awaitRoute(onLeaf, onHub);
        onlyAllowedArrives(onLeaf, wide, "out.secret", "out.ok");
        onLeaf.publish("hidden.x", new byte[0]);
        onLeaf.flush(Duration.ofSeconds(5));
        assertNull(hidden.nextMessage(Duration.ofMillis(300)), "hidden.x stays on the leaf");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void denyImportsKeepsTheHubsMessagesOut(String hubKind, String leafKind) throws Exception {
        ClusterNode[] n = hubAndLeaf(hubKind, leafKind, "", "nats-leaf://127.0.0.1:",
                "deny_imports: [\"in.secret\", \"hidden.>\"]");
        Connection onHub = run.connect(n[0], null);
        Connection onLeaf = run.connect(n[1], null);
        Subscription wide = onLeaf.subscribe("in.>");
        Subscription hidden = onLeaf.subscribe("hidden.x");
        onLeaf.flush(Duration.ofSeconds(5));
        run.awaitRoute(onHub, onLeaf);
        onlyAllowedArrives(onHub, wide, "in.secret", "in.ok");
        onHub.publish("hidden.x", new byte[0]);
        onHub.flush(Duration.ofSeconds(5));
        assertNull(hidden.nextMessage(Duration.ofMillis(300)), "hidden.x stays on the hub");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aLeafUsersPermissionsLimitBothWays(String hubKind, String leafKind) throws Exception {
        String users = "accounts { A { users [ {user: a, password: a}, {user: leaf, password: leaf, permissions: {"
                + " publish: \"up.>\", subscribe: \"down.>\" } } ] } }";
        ClusterNode[] n = hubAndLeaf(hubKind, leafKind, users, "nats-leaf://leaf:leaf@127.0.0.1:", "");
        Connection hubPub = run.connect(n[0], "a");
        Connection leafPub = run.connect(n[1], null);
        // Each side's subscriber takes everything: the leaf user's rules alone keep messages out.
        Connection hubSub = run.connect(n[0], "a");
        Connection leafSub = run.connect(n[1], null);
        Subscription onHub = hubSub.subscribe(">");
        Subscription onLeaf = leafSub.subscribe(">");
        hubSub.flush(Duration.ofSeconds(5));
        leafSub.flush(Duration.ofSeconds(5));
        // Leaf to hub: the user may publish up.> only.
        run.await(() -> probe(leafPub, onHub, "up.probe"), () -> "leaf to hub");
        onlyAllowedArrives(leafPub, onHub, "sideways.x", "up.x");
        // Hub to leaf: the user may subscribe to down.> only.
        run.await(() -> probe(hubPub, onLeaf, "down.probe"), () -> "hub to leaf");
        onlyAllowedArrives(hubPub, onLeaf, "sideways.y", "down.y");
    }

    /** Publishes {@code subject} and takes every message waiting: true when it was among them. */
    private static boolean probe(Connection pub, Subscription sub, String subject) {
        try {
            pub.publish(subject, new byte[0]);
            pub.flush(Duration.ofSeconds(5));
            boolean seen = false;
            for (Message m = sub.nextMessage(Duration.ofMillis(100)); m != null;
                    m = sub.nextMessage(Duration.ofMillis(seen ? 100 : 1))) {
                seen |= m.getSubject().equals(subject);
            }
            return seen;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
