package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Leaf connections bound to accounts on both sides: the hub binds the leaf to the account of
 * the {@code leafnodes.authorization} user in the remote's URL, the leaf binds it to the
 * remote's {@code account}; other accounts on either side see nothing, and a wrong password is
 * refused with nats-server's Authorization Violation; without {@code leafnodes.authorization} the
 * client users are checked. natsj and nats-server 2.9.10 in every pairing.
 */
class LeafAuthTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static final String HUB_ACCOUNTS = "accounts { A { users [ {user: a, password: a} ] }, "
            + "B { users [ {user: b, password: b} ] } }";
    private static final String LEAF_ACCOUNTS = "accounts { L { users [ {user: l, password: l} ] }, "
            + "M { users [ {user: m, password: m} ] } }";

    private ClusterNode hub(String kind) {
        return run.add(LeafNodeTest.node(kind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\", authorization { users [ "
                + "{user: leafa, password: secret, account: A} ] } }", HUB_ACCOUNTS));
    }

    private ClusterNode leaf(String kind, ClusterNode hub, String password) {
        return run.add(LeafNodeTest.node(kind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://leafa:" + password + "@127.0.0.1:" + hub.leafPort() + "\", account: L } ] }",
                LEAF_ACCOUNTS));
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void theLeafConnectionJoinsTheBoundAccountsOnly(String hubKind, String leafKind) throws Exception {
        ClusterNode h = hub(hubKind);
        ClusterNode l = leaf(leafKind, h, "secret");
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        assertEquals("A", h.monitor("/leafz").path("leafs").path(0).path("account").asText());
        assertEquals("L", l.monitor("/leafz").path("leafs").path(0).path("account").asText());
        Connection a = run.connect(h, "a");
        Connection b = run.connect(h, "b");
        Connection lc = run.connect(l, "l");
        Connection m = run.connect(l, "m");
        Subscription inB = b.subscribe("acct.>");
        Subscription inM = m.subscribe("acct.>");
        b.flush(Duration.ofSeconds(5));
        m.flush(Duration.ofSeconds(5));
        run.awaitRoute(lc, a);
        run.awaitRoute(a, lc);
        Subscription inA = a.subscribe("acct.up");
        Subscription inL = lc.subscribe("acct.down");
        a.flush(Duration.ofSeconds(5));
        lc.flush(Duration.ofSeconds(5));
        run.awaitRoute(lc, a);
        run.awaitRoute(a, lc);
        lc.publish("acct.up", new byte[] {1});
        a.publish("acct.down", new byte[] {2});
        lc.flush(Duration.ofSeconds(5));
        a.flush(Duration.ofSeconds(5));
        assertNotNull(inA.nextMessage(Duration.ofSeconds(5)), "L's message reached A");
        assertNotNull(inL.nextMessage(Duration.ofSeconds(5)), "A's message reached L");
        assertNull(inB.nextMessage(Duration.ofMillis(300)), "nothing in B");
        assertNull(inM.nextMessage(Duration.ofMillis(100)), "nothing in M");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aWrongPasswordIsRefused(String hubKind, String leafKind) {
        ClusterNode h = hub(hubKind);
        ClusterNode l = leaf(leafKind, h, "wrong");
        run.await(() -> l.log().contains("Authorization Violation"), () -> "refused: " + l.log());
        assertEquals(0, LeafNodeTest.leafCount(h));
        assertEquals(0, LeafNodeTest.leafCount(l));
    }

    /**
     * Without {@code leafnodes.authorization} the hub checks a leaf as a client: the URL's
     * user and password against the client users, binding the leaf to that user's account.
     */
    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void withoutLeafAuthorizationTheClientUsersAreChecked(String hubKind, String leafKind) throws Exception {
        ClusterNode h = run.add(LeafNodeTest.node(hubKind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }",
                HUB_ACCOUNTS));
        ClusterNode bad = run.add(LeafNodeTest.node(leafKind, "BAD", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://b:wrong@127.0.0.1:" + h.leafPort() + "\", account: M } ] }", LEAF_ACCOUNTS));
        run.await(() -> bad.log().contains("Authorization Violation"), () -> "refused: " + bad.log());
        ClusterNode l = run.add(LeafNodeTest.node(leafKind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://b:b@127.0.0.1:" + h.leafPort() + "\", account: L } ] }", LEAF_ACCOUNTS));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        assertEquals("B", h.monitor("/leafz").path("leafs").path(0).path("account").asText());
        Connection b = run.connect(h, "b");
        Connection lc = run.connect(l, "l");
        run.awaitRoute(lc, b);
        run.awaitRoute(b, lc);
        assertEquals(0, LeafNodeTest.leafCount(bad));
    }
}
