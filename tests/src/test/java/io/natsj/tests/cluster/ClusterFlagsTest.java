package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.ServerProcesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clusters made the ways nats-server users make them besides a config file (the command-line
 * flags), {@code cluster_advertise} naming the address peers must dial, and
 * {@code connect_retries} bounding the dials of a route learned by gossip.
 */
class ClusterFlagsTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @Test
    void flagsAloneMakeACluster() {
        ClusterNode seed = run.add(ClusterNode.natsjWithFlags("S",
                List.of("--cluster", "nats://127.0.0.1:-1", "--cluster_name", "flagged")));
        ClusterNode joiner = run.add(ClusterNode.natsjWithFlags("J", List.of("--cluster", "nats://127.0.0.1:-1",
                "--routes", seed.routeUrl(), "--cluster_name", "flagged", "--no_advertise")));
        run.await(() -> seed.routeIds().size() == 1 && joiner.routeIds().size() == 1);
        assertEquals("flagged", seed.monitor("/varz").path("cluster").path("name").asText());
        assertEquals(List.of(seed.routeUrl().replace("nats://", "")),
                toList(joiner.monitor("/varz").path("cluster").path("urls")));
    }

    @Test
    void peersDialTheAdvertisedClusterAddress() {
        ClusterNode first = run.add(ClusterNode.natsj("F", List.of(), ""));
        ClusterNode second = run.add(ClusterNode.natsj("T", List.of(first.routeUrl()), ""));
        run.await(() -> second.routeIds().size() == 1);
        // V listens everywhere and advertises 127.0.0.2 (loopback too, but another address):
        // the second server learns V by gossip and dials what V advertises.
        ClusterNode advertised = run.add(ClusterNode.natsj("V", List.of(first.routeUrl()),
                "host: 0.0.0.0\ncluster_advertise: \"127.0.0.2\""));
        run.await(() -> second.routeIds().size() == 2 && advertised.routeIds().size() == 2);
        String vId = advertised.serverId();
        JsonNode toV = null;
        for (JsonNode r : second.monitor("/routez").path("routes")) {
            if (r.path("remote_id").asText().equals(vId)) {
                toV = r;
            }
        }
        assertEquals("127.0.0.2", toV == null ? null : toV.path("ip").asText(), second.monitor("/routez").toString());
    }

    @Test
    void anImplicitRouteIsDialledOnceThenConnectRetriesMoreTimes() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort(); // closed again: nothing listens there
        }
        ClusterNode first = run.add(ClusterNode.natsj("F", List.of(), ""));
        ClusterNode second = run.add(ClusterNode.natsj("T", List.of(first.routeUrl()), "connect_retries: 2", "debug: true"));
        run.await(() -> second.routeIds().size() == 1);
        // A third server advertises an address nobody listens on; the second learns it by gossip.
        run.add(ClusterNode.natsj("V", List.of(first.routeUrl()), "cluster_advertise: \"127.0.0.1:" + dead + "\""));
        String target = "127.0.0.1:" + dead;
        run.await(() -> attempts(second, target) == 3 && second.log().contains("(attempt 3)"));
        // Bounded wait for something that must not happen: a fourth dial (1 s apart).
        long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(3, attempts(second, target), "1 dial + connect_retries 2");
            ServerProcesses.sleepBriefly();
        }
    }

    private static long attempts(ClusterNode node, String hostPort) {
        return node.log().lines().filter(l -> l.contains("Trying to connect to route on") && l.contains(hostPort)).count();
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
