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
 * Two clusters joined by gateways, natsj and nats-server 2.9.10 in every pairing: cluster B
 * names only A, A meets B from B's connection (implicit), and messages, requests and queue
 * groups cross in interest-only mode.
 */
class GatewayTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private ClusterNode node(String kind, String cluster, String gateways) {
        String gateway = "gateway { name: " + cluster + ", listen: \"127.0.0.1:-1\"" + gateways + " }";
        return kind.equals("natsj") ? ClusterNode.natsj(cluster + "1", List.of(), "name: " + cluster, gateway)
                : ClusterNode.go(cluster + "1", List.of(), "name: " + cluster, gateway);
    }

    /** Starts A, then B naming A, and waits until each has its outbound connection to the other. */
    private ClusterNode[] superCluster(String a, String b) {
        ClusterNode na = run.add(node(a, "A", ""));
        ClusterNode nb = run.add(node(b, "B", ", gateways: [ { name: A, url: \"" + na.gatewayUrl() + "\" } ]"));
        run.await(Duration.ofSeconds(20), () -> outbound(na, "B") && outbound(nb, "A"),
                () -> "gateways up: " + na.monitor("/gatewayz") + " / " + nb.monitor("/gatewayz"));
        return new ClusterNode[] {na, nb};
    }

    private static boolean outbound(ClusterNode n, String to) {
        return !n.monitor("/gatewayz").path("outbound_gateways").path(to).isMissingNode();
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void messagesCrossExactlyOnceOnlyWhereThereIsInterest(String a, String b) throws Exception {
        ClusterNode[] sc = superCluster(a, b);
        Connection pubA = run.connect(sc[0], null);
        Connection subB = run.connect(sc[1], null);
        long before = outMsgs(sc[0], "B");
        for (int i = 0; i < 50; i++) {
            pubA.publish("nobody.listens", new byte[] {1});
        }
        pubA.flush(Duration.ofSeconds(5));
        if (a.equals("natsj")) {
            // (nats-server also sends its system account's events, so only natsj's count is exact)
            assertEquals(before, outMsgs(sc[0], "B"), "interest-only: nothing crosses without interest");
        }
        Subscription sub = subB.subscribe("news.>");
        subB.flush(Duration.ofSeconds(5));
        run.await(Duration.ofSeconds(10), () -> {
            pubA.publish("news.warmup", new byte[0]);
            try {
                return sub.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "interest of B reached A");
        for (int i = 0; i < 100; i++) {
            pubA.publish("news." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        pubA.flush(Duration.ofSeconds(5));
        for (int i = 0; i < 100; i++) {
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            // The warm-up's other copies may still be on their way, however late: not timed out.
            while (m != null && m.getSubject().equals("news.warmup")) {
                m = sub.nextMessage(Duration.ofSeconds(5));
            }
            assertNotNull(m, "message " + i);
            assertEquals("news." + i, m.getSubject());
        }
        assertNull(sub.nextMessage(Duration.ofMillis(500)), "each message once");
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void requestsCrossAndRepliesComeBack(String a, String b) throws Exception {
        ClusterNode[] sc = superCluster(a, b);
        Connection service = run.connect(sc[1], null);
        Connection client = run.connect(sc[0], null);
        service.createDispatcher(m -> service.publish(m.getReplyTo(), ("re:" + new String(m.getData(),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))).subscribe("svc");
        service.flush(Duration.ofSeconds(5));
        run.await(Duration.ofSeconds(10), () -> request(client, "ping") != null, () -> "service reachable across");
        for (int i = 0; i < 20; i++) {
            assertEquals("re:r" + i, request(client, "r" + i));
        }
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aQueueGroupIsServedInThePublishersClusterFirst(String a, String b) throws Exception {
        ClusterNode[] sc = superCluster(a, b);
        Connection inA = run.connect(sc[0], null);
        Connection inB = run.connect(sc[1], null);
        Subscription remote = inB.subscribe("work", "workers");
        inB.flush(Duration.ofSeconds(5));
        byte[] warmup = "warmup".getBytes(StandardCharsets.UTF_8);
        run.await(Duration.ofSeconds(10), () -> {
            inA.publish("work", warmup);
            try {
                return remote.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "B's queue member serves A while A has none");
        Subscription local = inA.subscribe("work", "workers");
        inA.flush(Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            inA.publish("work", new byte[0]);
        }
        inA.flush(Duration.ofSeconds(5));
        assertEquals(50, ClusterRun.collect(50, local), "the local member took every message");
        // Late copies of the warm-up may still arrive there; none of the 50 may.
        for (Message m = remote.nextMessage(Duration.ofMillis(300)); m != null; m = remote.nextMessage(Duration.ofMillis(300))) {
            assertEquals("warmup", new String(m.getData(), StandardCharsets.UTF_8), "none went to the other cluster");
        }
    }

    private static String request(Connection c, String body) {
        try {
            Message m = c.request("svc", body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
            return m == null ? null : new String(m.getData(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long outMsgs(ClusterNode n, String to) {
        return n.monitor("/gatewayz").path("outbound_gateways").path(to).path("connection").path("out_msgs").asLong();
    }
}
