package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.tests.support.ServerProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Service latency across a route: the requestor on one server (where the request crosses the
 * import), the responder on the other. The responder's server sends its half to the
 * requestor's ({@code $SYS.LATENCY.M2.<hash>}), which merges both into one metric naming the
 * responder, as nats-server 2.9.10 does; every pairing of natsj and nats-server.
 */
class ClusterServiceLatencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ACCOUNTS = """
            accounts {
              A: {
                users: [ {user: a, password: a} ]
                exports: [ {service: "svc.time", latency: "lat.time"} ]
              }
              B: {
                users: [ {user: b, password: b} ]
                imports: [ {service: {account: A, subject: "svc.time"}, to: "time"} ]
              }
            }
            """;

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest(name = "route: requestor on {0}, responder on {1}")
    @CsvSource({"natsj, natsj", "natsj, go", "go, natsj", "go, go"})
    void theRespondersServerSendsItsHalfAcrossARoute(String requestorKind, String responderKind) throws Exception {
        assumeGo(requestorKind, responderKind);
        ClusterNode responderSide = node(responderKind, "S", List.of(), "", ACCOUNTS);
        ClusterNode requestorSide = node(requestorKind, "R", List.of(responderSide.routeUrl()), "", ACCOUNTS);
        run.await(() -> requestorSide.routeIds().size() == 1 && responderSide.routeIds().size() == 1);
        measureAcross(requestorSide, responderSide);
    }

    @ParameterizedTest(name = "gateway: requestor on {0}, responder on {1}")
    @CsvSource({"natsj, natsj", "natsj, go", "go, natsj", "go, go"})
    void theRespondersServerSendsItsHalfAcrossAGateway(String requestorKind, String responderKind) throws Exception {
        assumeGo(requestorKind, responderKind);
        ClusterNode responderSide = node(responderKind, "S", List.of(), "name: S",
                "gateway { name: S, listen: \"127.0.0.1:-1\" }\n" + ACCOUNTS);
        ClusterNode requestorSide = node(requestorKind, "R", List.of(), "name: R",
                "gateway { name: R, listen: \"127.0.0.1:-1\", gateways: [ { name: S, url: \""
                        + responderSide.gatewayUrl() + "\" } ] }\n" + ACCOUNTS);
        run.await(Duration.ofSeconds(20), () -> outbound(requestorSide, "S") && outbound(responderSide, "R"),
                () -> "gateways up");
        measureAcross(requestorSide, responderSide);
    }

    private static void assumeGo(String... kinds) {
        if (List.of(kinds).contains("go")) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
    }

    private ClusterNode node(String kind, String name, List<String> routes, String clusterExtra, String topExtra) {
        return run.add(kind.equals("go") ? ClusterNode.go(name, routes, clusterExtra, topExtra)
                : ClusterNode.natsj(name, routes, clusterExtra, topExtra));
    }

    private static boolean outbound(ClusterNode n, String to) {
        return !n.monitor("/gatewayz").path("outbound_gateways").path(to).isMissingNode();
    }

    private void measureAcross(ClusterNode requestorSide, ClusterNode responderSide) throws Exception {
        Connection a = run.keep(Nats.connect(Options.builder().server(responderSide.clientUrl()).noReconnect()
                .userInfo("a", "a").connectionName("responder").build()));
        Connection metrics = run.connect(requestorSide, "a");
        Connection b = run.connect(requestorSide, "b");
        Subscription lat = metrics.subscribe("lat.time");
        metrics.flush(ClusterRun.WAIT);
        a.createDispatcher(m -> a.publish(m.getReplyTo(), "noon".getBytes(StandardCharsets.UTF_8)))
                .subscribe("svc.time");
        a.flush(ClusterRun.WAIT);

        // Interest travels asynchronously: ask until the responder's interest has arrived
        // (requests before that report 503 and are skipped below).
        Message reply = null;
        long deadline = System.nanoTime() + ClusterRun.WAIT.toNanos();
        while (reply == null && System.nanoTime() < deadline) {
            try {
                reply = b.request("time", new byte[0], Duration.ofMillis(500));
            } catch (RuntimeException noRespondersYet) {
                ServerProcesses.sleepBriefly();
            }
        }
        assertNotNull(reply, "no reply across the route");

        JsonNode m = null;
        deadline = System.nanoTime() + ClusterRun.WAIT.toNanos();
        while (m == null && System.nanoTime() < deadline) {
            Message next = lat.nextMessage(Duration.ofMillis(500));
            if (next != null) {
                JsonNode candidate = JSON.readTree(new String(next.getData(), StandardCharsets.UTF_8));
                if (candidate.path("status").asInt() == 200) {
                    m = candidate;
                }
            }
        }
        assertNotNull(m, "no merged latency metric");
        assertEquals("io.nats.server.metric.v1.service_latency", m.path("type").asText(), m.toString());
        assertEquals("B", m.path("requestor").path("acc").asText(), m.toString());
        assertEquals("A", m.path("responder").path("acc").asText(), m.toString());
        assertEquals("responder", m.path("responder").path("name").asText(), m.toString());
        assertTrue(m.path("total").asLong() > 0, m.toString());
        assertTrue(m.path("total").asLong() >= m.path("service").asLong(), m.toString());
    }
}
