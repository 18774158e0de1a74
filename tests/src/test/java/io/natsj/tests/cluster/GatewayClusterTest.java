package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gateways of clusters with more than one server, and of more than two clusters, natsj and
 * nats-server 2.9.10 mixed: the routes of a cluster carry each server's gateway URL (route INFO
 * {@code gateway_url}) and the clusters its servers connect to (route INFO {@code gateway_cmd}
 * 1), so another cluster learns every gateway URL of the cluster and redials a survivor, and
 * every server of a cluster connects to every other cluster.
 */
class GatewayClusterTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static ClusterNode node(String kind, String name, String cluster, List<String> routes, String gateways) {
        String gateway = "gateway { name: " + cluster + ", listen: \"127.0.0.1:-1\"" + gateways + " }";
        return kind.equals("natsj") ? ClusterNode.natsj(name, routes, "name: " + cluster, gateway)
                : ClusterNode.go(name, routes, "name: " + cluster, gateway);
    }

    private static String naming(String cluster, ClusterNode n) {
        return ", gateways: [ { name: " + cluster + ", url: \"" + n.gatewayUrl() + "\" } ]";
    }

    private static JsonNode outbound(ClusterNode n, String to) {
        return n.monitor("/gatewayz").path("outbound_gateways").path(to);
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    @ParameterizedTest(name = "A1 {0}, A2 {1}, B {2}")
    @CsvSource({"natsj, natsj, natsj", "natsj, nats-server, natsj", "nats-server, natsj, nats-server",
        "nats-server, natsj, natsj", "nats-server, nats-server, nats-server"})
    void anotherClusterLearnsEveryGatewayUrlAndRedialsASurvivor(String a1Kind, String a2Kind, String bKind) {
        ClusterNode a1 = run.add(node(a1Kind, "A1", "A", List.of(), ""));
        ClusterNode a2 = run.add(node(a2Kind, "A2", "A", List.of(a1.routeUrl()), ""));
        run.await(Duration.ofSeconds(20), () -> a1.routeIds().size() == 1 && a2.routeIds().size() == 1,
                () -> "A's route: " + a1.monitor("/routez"));
        ClusterNode b = run.add(node(bKind, "B1", "B", List.of(), naming("A", a1)));
        // B dialled A1 only; A2 connects to B because A1 told it through the route.
        run.await(Duration.ofSeconds(20), () -> outbound(b, "A").path("connection").path("port").asInt()
                        == port(a1.gatewayUrl()) && !outbound(a1, "B").isMissingNode() && !outbound(a2, "B").isMissingNode(),
                () -> "gateways up: " + a1.monitor("/gatewayz") + " / " + a2.monitor("/gatewayz") + " / "
                        + b.monitor("/gatewayz"));
        a1.kill();
        // B knew A2's gateway URL only from A1's INFO, which A1 had from A2's route INFO.
        run.await(Duration.ofSeconds(20), () -> outbound(b, "A").path("connection").path("port").asInt()
                == port(a2.gatewayUrl()), () -> "B redialled A2: " + b.monitor("/gatewayz"));
        assertEquals(1, b.monitor("/gatewayz").path("inbound_gateways").path("A").size(), "A2's connection in");
    }

    @ParameterizedTest(name = "A {0}, B {1}, C {2}")
    @CsvSource({"natsj, natsj, natsj", "nats-server, natsj, nats-server", "natsj, nats-server, natsj",
        "nats-server, nats-server, nats-server"})
    void aClusterNamingOnlyOneOtherMeetsThemAll(String aKind, String bKind, String cKind) {
        ClusterNode a = run.add(node(aKind, "A1", "A", List.of(), ""));
        ClusterNode b = run.add(node(bKind, "B1", "B", List.of(), naming("A", a)));
        run.await(Duration.ofSeconds(20), () -> !outbound(a, "B").isMissingNode() && !outbound(b, "A").isMissingNode(),
                () -> "A-B up: " + a.monitor("/gatewayz") + " / " + b.monitor("/gatewayz"));
        ClusterNode c = run.add(node(cKind, "C1", "C", List.of(), naming("B", b)));
        run.await(Duration.ofSeconds(20), () -> !outbound(c, "A").isMissingNode() && !outbound(c, "B").isMissingNode()
                        && !outbound(a, "C").isMissingNode() && !outbound(b, "C").isMissingNode(),
                () -> "full mesh: " + a.monitor("/gatewayz") + " / " + b.monitor("/gatewayz") + " / "
                        + c.monitor("/gatewayz"));
    }
}
