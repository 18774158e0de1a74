package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clusters made the ways nats-server users make them besides a config file: the command-line
 * flags, and {@code cluster_advertise} naming the address peers must dial.
 */
class ClusterFlagsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void flagsAloneMakeACluster() {
        ClusterNode seed = start(ClusterNode.natsjWithFlags("S",
                List.of("--cluster", "nats://127.0.0.1:-1", "--cluster_name", "flagged")));
        ClusterNode joiner = start(ClusterNode.natsjWithFlags("J", List.of("--cluster", "nats://127.0.0.1:-1",
                "--routes", seed.routeUrl(), "--cluster_name", "flagged", "--no_advertise")));
        await(() -> seed.routeIds().size() == 1 && joiner.routeIds().size() == 1);
        assertEquals("flagged", seed.monitor("/varz").path("cluster").path("name").asText());
        assertEquals(List.of(seed.routeUrl().replace("nats://", "")),
                toList(joiner.monitor("/varz").path("cluster").path("urls")));
    }

    @Test
    void peersDialTheAdvertisedClusterAddress() {
        ClusterNode first = start(ClusterNode.natsj("F", List.of(), ""));
        ClusterNode second = start(ClusterNode.natsj("T", List.of(first.routeUrl()), ""));
        await(() -> second.routeIds().size() == 1);
        // V listens everywhere and advertises 127.0.0.2 (loopback too, but another address):
        // the second server learns V by gossip and dials what V advertises.
        ClusterNode advertised = start(ClusterNode.natsj("V", List.of(first.routeUrl()),
                "host: 0.0.0.0\ncluster_advertise: \"127.0.0.2\""));
        await(() -> second.routeIds().size() == 2 && advertised.routeIds().size() == 2);
        String vId = advertised.serverId();
        JsonNode toV = null;
        for (JsonNode r : second.monitor("/routez").path("routes")) {
            if (r.path("remote_id").asText().equals(vId)) {
                toV = r;
            }
        }
        assertEquals("127.0.0.2", toV == null ? null : toV.path("ip").asText(), second.monitor("/routez").toString());
    }

    private ClusterNode start(ClusterNode node) {
        nodes.add(node);
        return node;
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder("timed out; routez:");
                nodes.forEach(n -> sb.append('\n').append(n.name()).append(": ").append(n.monitor("/routez")));
                throw new AssertionError(sb);
            }
            ClusterNode.sleepBriefly();
        }
    }
}
