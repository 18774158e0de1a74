package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
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
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A leaf node with {@code credentials} on a two-server hub cluster in operator mode (both hub
 * servers preload the same account JWTs): the leaf is bound to its user's account on hub A,
 * messages cross leaf → A → B and back in that account, and when A is killed the leaf fails
 * over to B (which it learned from {@code leafnode_urls}), signs B's nonce and is bound to the
 * same account there. natsj and nats-server 2.9.10 as the hub servers and as the leaf.
 */
class OperatorLeafClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    private static ClusterNode hub(String kind, String name, List<String> routes, Operator op) {
        String top = "leafnodes { listen: \"127.0.0.1:-1\" }\n" + op.config();
        return kind.equals("natsj") ? ClusterNode.natsj(name, routes, "name: HUB", top)
                : ClusterNode.go(name, routes, "name: HUB", top);
    }

    @ParameterizedTest(name = "hub {0}+{1}, leaf {2}")
    @CsvSource({"natsj, natsj, natsj", "natsj, natsj, nats-server", "nats-server, nats-server, natsj",
        "nats-server, natsj, natsj"})
    void aLeafWithCredentialsFailsOverWithinTheHubClusterInItsAccount(String a, String b, String leaf)
            throws Exception {
        Operator op = new Operator(dir);
        NKey leafUser = NKey.create(NKeyType.USER);
        NKey clientUser = NKey.create(NKeyType.USER);
        Path leafCreds = op.creds(leafUser, op.userJwt(leafUser, new JwtUtils.UserClaim(null)));
        Path clientCreds = op.creds(clientUser, op.userJwt(clientUser, new JwtUtils.UserClaim(null)));
        ClusterNode hubA = run.add(hub(a, "A", List.of(), op));
        ClusterNode hubB = run.add(hub(b, "B", List.of(hubA.routeUrl()), op));
        run.await(() -> hubA.routeIds().size() == 1 && hubB.routeIds().size() == 1
                && LeafClusterUrlsTest.leafnodeUrls(hubA).size() == 2, () -> "A and B routed, A lists B's leaf URL");
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + hubA.leafPort() + "\", credentials: \"" + leafCreds + "\" } ] }", ""));
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(hubA) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "leaf up on A:\n" + hubA.log() + "\n" + l.log());
        assertEquals(op.account.publicKey(), hubA.monitor("/leafz").path("leafs").path(0).path("account").asText());

        Connection onB = run.keep(Nats.connect(Options.builder().server(hubB.clientUrl()).noReconnect()
                .connectionTimeout(WAIT).authHandler(Nats.credentials(clientCreds.toString())).build()));
        Connection onLeaf = run.connect(l, null);
        awaitFlow(onB, onLeaf, "via.a.down");
        awaitFlow(onLeaf, onB, "via.a.up");

        hubA.kill();
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(hubB) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf failed over to B:\n" + hubB.log() + "\n" + l.log());
        assertEquals(op.account.publicKey(), hubB.monitor("/leafz").path("leafs").path(0).path("account").asText());
        awaitFlow(onB, onLeaf, "on.b.down");
        awaitFlow(onLeaf, onB, "on.b.up");
    }

    /** Publishes until the subscriber sees a message: interest crosses the topology asynchronously. */
    private void awaitFlow(Connection pub, Connection sub, String subject) throws Exception {
        Subscription s = sub.subscribe(subject);
        sub.flush(WAIT);
        run.await(() -> {
            pub.publish(subject, "probe".getBytes(StandardCharsets.UTF_8));
            try {
                return s.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "messages on " + subject);
        s.unsubscribe();
    }
}
