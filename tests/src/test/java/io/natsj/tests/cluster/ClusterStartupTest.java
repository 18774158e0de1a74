package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers started at the same time, each configured with the other's route URL, are routed as
 * soon as both listen, as with nats-server 2.9.10: clients that connect right after start-up see
 * the whole cluster. The deadline is shorter than a route redial (1 s), so a server that missed
 * its peer at start and waited to dial again would fail it.
 */
class ClusterStartupTest {

    /** Less than nats-server's 1 s between route dials. */
    private static final Duration SOON = Duration.ofMillis(900);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void serversStartedTogetherAreRoutedOnceBothListen(String server) {
        assumeTrue(server.equals("natsj") || Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        int[] ports = freePorts();
        CompletableFuture<ClusterNode> a = CompletableFuture.supplyAsync(() -> node(server, "A", ports[0], ports[1]));
        CompletableFuture<ClusterNode> b = CompletableFuture.supplyAsync(() -> node(server, "B", ports[1], ports[0]));
        try {
            run.add(a.join());
        } finally {
            run.add(b.join());
        }
        // Both ports files exist: both servers listen for routes.
        List<ClusterNode> both = run.nodes();
        run.await(SOON, () -> both.stream().allMatch(n -> n.routeIds().size() == 1),
                () -> "no route " + SOON.toMillis() + " ms after both servers listened: " + run.describe());
    }

    private static ClusterNode node(String server, String name, int clusterPort, int peerPort) {
        List<String> routes = List.of("nats://127.0.0.1:" + peerPort);
        if (server.equals("nats-server")) {
            return ClusterNode.go(name, clusterPort, routes, "", "");
        }
        return ClusterNode.natsj(name, clusterPort, routes, "", "");
    }

    /** Two ephemeral ports, free a moment ago: each server must know the other's before it starts. */
    private static int[] freePorts() {
        try (ServerSocket one = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket two = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {one.getLocalPort(), two.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
