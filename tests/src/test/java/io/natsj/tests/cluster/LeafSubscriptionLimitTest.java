package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hub holds a leaf node connection to a number of subscriptions (LS+) as nats-server 2.9.10
 * does: a leaf user's JWT {@code subs}, or the hub's {@code max_subscriptions}. The LS+ beyond
 * it gets {@code -ERR 'maximum subscriptions exceeded'} and is ignored, the connection stays,
 * and an LS- makes room again. natsj and nats-server as the hub, a natsj leaf (whose first
 * LS+ is its loop detection subject, which counts).
 */
class LeafSubscriptionLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ERROR = "Leafnode Error 'maximum subscriptions exceeded'";

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "hub {0}")
    @ValueSource(strings = {"natsj", "nats-server"})
    void aLeafUsersJwtSubsLimitHoldsItsSubscriptions(String hubKind) throws Exception {
        Operator op = new Operator(dir);
        NKey leafUser = NKey.create(NKeyType.USER);
        NKey clientUser = NKey.create(NKeyType.USER);
        ClusterNode hub = run.add(LeafNodeTest.node(hubKind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }",
                op.config()));
        Path leafCreds = op.creds(leafUser, op.userJwt(leafUser, new JwtUtils.UserClaim(null).subs(3)));
        ClusterNode leaf = run.add(LeafNodeTest.node("natsj", "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + hub.leafPort() + "\", credentials: \"" + leafCreds + "\" } ] }", ""));
        Path clientCreds = op.creds(clientUser, op.userJwt(clientUser, new JwtUtils.UserClaim(null)));
        Connection onHub = run.keep(Nats.connect(Options.builder().server(hub.clientUrl()).noReconnect()
                .connectionTimeout(WAIT).authHandler(Nats.credentials(clientCreds.toString())).build()));
        checkLimit(hub, leaf, onHub);
    }

    @ParameterizedTest(name = "hub {0}")
    @ValueSource(strings = {"natsj", "nats-server"})
    void theHubsMaxSubscriptionsHoldsALeaf(String hubKind) throws Exception {
        ClusterNode hub = run.add(LeafNodeTest.node(hubKind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }",
                "max_subscriptions: 3"));
        ClusterNode leaf = run.add(LeafNodeTest.node("natsj", "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + hub.leafPort() + "\" } ] }", ""));
        checkLimit(hub, leaf, run.connect(hub, null));
    }

    /** With a limit of 3: the loop subject, s.1 and s.2 are held; s.3 to s.5 are refused. */
    private void checkLimit(ClusterNode hub, ClusterNode leaf, Connection onHub) throws Exception {
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(hub) == 1 && LeafNodeTest.leafCount(leaf) == 1,
                () -> "leaf up:\n" + hub.log() + "\n" + leaf.log());
        Connection onLeaf = run.connect(leaf, null);
        List<Subscription> subs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            subs.add(onLeaf.subscribe("s." + i));
        }
        onLeaf.flush(WAIT);
        run.await(() -> count(leaf.log(), ERROR) == 3, () -> "three LS+ refused:\n" + leaf.log() + "\n" + hub.log());
        for (int i = 1; i <= 5; i++) {
            onHub.publish("s." + i, "m".getBytes(StandardCharsets.UTF_8));
        }
        // One connection each way, in order: once the marker is in, s.3 to s.5 had their chance.
        onHub.publish("s.2", "marker".getBytes(StandardCharsets.UTF_8));
        onHub.flush(WAIT);
        assertEquals("m", body(subs.get(1).nextMessage(WAIT)));
        assertEquals("marker", body(subs.get(1).nextMessage(WAIT)));
        assertEquals("m", body(subs.get(0).nextMessage(WAIT)));
        for (int i = 2; i < 5; i++) {
            assertEquals(0, subs.get(i).getPendingMessageCount(), "s." + (i + 1) + " was refused");
        }
        // An LS- makes room: s.1 goes, s.6 is held.
        subs.get(0).unsubscribe();
        Subscription s6 = onLeaf.subscribe("s.6");
        onLeaf.flush(WAIT);
        run.await(() -> {
            onHub.publish("s.6", "probe".getBytes(StandardCharsets.UTF_8));
            try {
                return s6.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "s.6 through:\n" + leaf.log());
        assertEquals(3, count(leaf.log(), ERROR), "no more refusals:\n" + leaf.log());
        assertEquals(1, LeafNodeTest.leafCount(hub), "the leaf stays connected");
    }

    private static String body(Message m) {
        return m == null ? null : new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
