package io.natsj.tests.cluster;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two servers that are each other's hub form a loop: a server's own {@code $LDS.} subject comes
 * back to it, and it refuses the connection with nats-server's "Loop detected" error. natsj and
 * nats-server 2.9.10 in every pairing.
 */
class LeafLoopTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aLoopOfLeafConnectionsIsDetected(String a, String b) {
        ClusterNode na = run.add(LeafNodeTest.node(a, "A", "leafnodes { listen: \"127.0.0.1:-1\" }", ""));
        ClusterNode nb = run.add(LeafNodeTest.node(b, "B", "leafnodes { listen: \"127.0.0.1:-1\", remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + na.leafPort() + "\" } ] }", ""));
        run.await(() -> LeafNodeTest.leafCount(na) == 1, () -> "B joined A");
        // A now dials B as well: A's interest (its $LDS. subject) goes to B and comes back.
        ClusterNode na2 = run.add(LeafNodeTest.node(a, "A2", "leafnodes { remotes: [ { url: \"nats-leaf://127.0.0.1:"
                + nb.leafPort() + "\" }, { url: \"nats-leaf://127.0.0.1:" + na.leafPort() + "\" } ] }", ""));
        run.await(() -> (na.log() + nb.log() + na2.log()).contains("Loop detected"),
                () -> "a loop detected: " + na.log() + nb.log() + na2.log());
    }
}
