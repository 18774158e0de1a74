package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A leaf node that loses its hub (the hub process killed) keeps serving its own clients, dials
 * the hub again every {@code reconnect} interval, and once the hub is back on the same port
 * sends its interest again, so the subscriptions its clients made before reach the new hub;
 * natsj and nats-server 2.9.10 in every pairing.
 */
class LeafReconnectTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aLeafServesItsClientsWithoutItsHubAndResendsItsInterestWhenTheHubReturns(String hub, String leaf)
            throws Exception {
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }", ""));
        int leafPort = h.leafPort();
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + leafPort + "\" } ] }", ""));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        Connection leafSub = run.connect(l, null);
        Connection leafPub = run.connect(l, null);
        Subscription fromHub = leafSub.subscribe("from.hub");
        Subscription local = leafSub.subscribe("local.only");
        leafSub.flush(Duration.ofSeconds(5));

        h.kill();
        run.await(() -> LeafNodeTest.leafCount(l) == 0, () -> "the leaf noticed its hub is gone");
        for (int i = 0; i < 20; i++) {
            leafPub.publish("local.only", ("l" + i).getBytes(StandardCharsets.UTF_8));
        }
        leafPub.flush(Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) {
            Message m = local.nextMessage(Duration.ofSeconds(5));
            assertNotNull(m, "local message " + i + " while the hub is away");
            assertEquals("l" + i, new String(m.getData(), StandardCharsets.UTF_8));
        }

        ClusterNode back = run.add(LeafNodeTest.node(hub, "HUB", "leafnodes { listen: \"127.0.0.1:" + leafPort + "\" }",
                ""));
        run.await(() -> LeafNodeTest.leafCount(back) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf reconnected: " + back.log() + l.log());
        Connection hubPub = run.connect(back, null);
        run.await(() -> {
            hubPub.publish("from.hub", new byte[0]);
            try {
                return fromHub.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "the leaf's old subscription reached the new hub");
    }
}
