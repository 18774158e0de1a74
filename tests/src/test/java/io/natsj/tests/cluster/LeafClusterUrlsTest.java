package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A leaf connected by its configuration to one server of a two-server hub cluster learns the
 * other's leaf URL from the hub's INFO {@code leafnode_urls} (which the hub servers exchange in
 * their route INFO) and, when its server is killed, reconnects to the other one; with
 * {@code leafnodes.no_advertise} on the hub the leaf is told only its own server's URL and
 * stays with it; {@code advertise} replaces a server's URL for its leaves and its peers'. Over
 * WebSocket the leaf redials the cluster's {@code ws_connect_urls}. natsj and nats-server 2.9.10 as hub cluster and as leaf.
 */
class LeafClusterUrlsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static ClusterNode hub(String kind, String name, List<String> routes, String leafExtra) {
        return hub(kind, name, routes, leafExtra, "");
    }

    private static ClusterNode hub(String kind, String name, List<String> routes, String leafExtra, String topExtra) {
        String leafnodes = "leafnodes { listen: \"127.0.0.1:-1\"\n" + leafExtra + " }\n" + topExtra;
        return kind.equals("natsj") ? ClusterNode.natsj(name, routes, "name: HUB", leafnodes)
                : ClusterNode.go(name, routes, "name: HUB", leafnodes);
    }

    private ClusterNode leafOf(String kind, ClusterNode hubA) {
        return run.add(LeafNodeTest.node(kind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + hubA.leafPort() + "\" } ] }", ""));
    }

    /**
     * @return the {@code leafnode_urls} of the INFO the server's leaf port opens with (read by
     *         a plain socket that then hangs up)
     */
    static List<String> leafnodeUrls(ClusterNode hub) {
        try (Socket s = new Socket("127.0.0.1", hub.leafPort())) {
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            JsonNode info = JSON.readTree(line.substring("INFO ".length()));
            List<String> urls = new ArrayList<>();
            info.path("leafnode_urls").forEach(u -> urls.add(u.asText()));
            return urls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String leafUrl(ClusterNode hub) {
        return "127.0.0.1:" + hub.leafPort();
    }

    @ParameterizedTest(name = "hub {0}+{1}, leaf {2}")
    @CsvSource({"natsj, natsj, natsj", "natsj, natsj, nats-server", "nats-server, nats-server, natsj",
        "nats-server, natsj, natsj"})
    void aLeafLearnsTheOtherHubServerAndMovesThereWhenItsServerDies(String a, String b, String leaf)
            throws Exception {
        ClusterNode hubA = run.add(hub(a, "A", List.of(), ""));
        ClusterNode l = leafOf(leaf, hubA);
        run.await(() -> LeafNodeTest.leafCount(hubA) == 1 && LeafNodeTest.leafCount(l) == 1);
        assertEquals(List.of(leafUrl(hubA)), leafnodeUrls(hubA), "a lone hub lists itself");

        // B joins after the leaf connected: the leaf hears of it through an asynchronous INFO.
        ClusterNode hubB = run.add(hub(b, "B", List.of(hubA.routeUrl()), ""));
        // nats-server lists them in its map's order, natsj its own first.
        Set<String> both = Set.of(leafUrl(hubA), leafUrl(hubB));
        run.await(() -> Set.copyOf(leafnodeUrls(hubA)).equals(both) && leafnodeUrls(hubA).size() == 2
                && Set.copyOf(leafnodeUrls(hubB)).equals(both) && leafnodeUrls(hubB).size() == 2,
                () -> "each hub server lists its own leaf URL and its peer's: " + leafnodeUrls(hubA)
                        + " " + leafnodeUrls(hubB));
        Connection onLeaf = run.connect(l, null);
        Connection onB = run.connect(hubB, null);
        awaitFlow(onB, onLeaf, "via.a.down");
        awaitFlow(onLeaf, onB, "via.a.up");

        hubA.kill();
        run.await(() -> LeafNodeTest.leafCount(hubB) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf reconnected to B: " + l.log());
        awaitFlow(onB, onLeaf, "on.b.down");
        awaitFlow(onLeaf, onB, "on.b.up");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aWebSocketLeafLearnsTheClustersWebSocketUrls(String hubs, String leaf) throws Exception {
        int wsA = freePort();
        int wsB = freePort();
        ClusterNode hubA = run.add(hub(hubs, "A", List.of(), "", webSocket(wsA)));
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"ws://127.0.0.1:" + wsA + "\" } ] }", ""));
        run.await(() -> LeafNodeTest.leafCount(hubA) == 1 && LeafNodeTest.leafCount(l) == 1);
        ClusterNode hubB = run.add(hub(hubs, "B", List.of(hubA.routeUrl()), "", webSocket(wsB)));
        run.await(() -> leafnodeUrls(hubA).size() == 2, () -> "A knows B: " + leafnodeUrls(hubA));
        Connection onLeaf = run.connect(l, null);
        Connection onB = run.connect(hubB, null);
        awaitFlow(onB, onLeaf, "via.a");

        hubA.kill();
        run.await(() -> LeafNodeTest.leafCount(hubB) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf reconnected to B over WebSocket: " + l.log());
        awaitFlow(onB, onLeaf, "on.b.down");
        awaitFlow(onLeaf, onB, "on.b.up");
    }

    private static String webSocket(int port) {
        return "websocket { host: 127.0.0.1, port: " + port + ", no_tls: true }";
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest(name = "hub {0}+{1}")
    @CsvSource({"natsj, natsj", "nats-server, nats-server", "nats-server, natsj"})
    void advertiseReplacesTheListenersUrlForTheLeavesAndThePeers(String a, String b) {
        ClusterNode hubA = run.add(hub(a, "A", List.of(), "advertise: \"leaf-a.example:4242\""));
        ClusterNode hubB = run.add(hub(b, "B", List.of(hubA.routeUrl()), ""));
        Set<String> both = Set.of("leaf-a.example:4242", leafUrl(hubB));
        run.await(() -> Set.copyOf(leafnodeUrls(hubA)).equals(both) && Set.copyOf(leafnodeUrls(hubB)).equals(both),
                () -> "A's advertised URL on both: " + leafnodeUrls(hubA) + " " + leafnodeUrls(hubB));
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "nats-server, natsj", "natsj, nats-server"})
    void noAdvertiseKeepsTheLeafOnItsConfiguredUrl(String hubs, String leaf) throws Exception {
        ClusterNode hubA = run.add(hub(hubs, "A", List.of(), "no_advertise: true"));
        ClusterNode hubB = run.add(hub(hubs, "B", List.of(hubA.routeUrl()), "no_advertise: true"));
        run.await(() -> hubA.monitor("/routez").path("num_routes").asInt() == 1
                && hubB.monitor("/routez").path("num_routes").asInt() == 1);
        ClusterNode l = leafOf(leaf, hubA);
        run.await(() -> LeafNodeTest.leafCount(hubA) == 1 && LeafNodeTest.leafCount(l) == 1);
        Connection onLeaf = run.connect(l, null);
        Connection onB = run.connect(hubB, null);
        awaitFlow(onB, onLeaf, "via.a");
        assertEquals(List.of(leafUrl(hubA)), leafnodeUrls(hubA), "only its own URL");
        assertEquals(List.of(leafUrl(hubB)), leafnodeUrls(hubB), "only its own URL");
        if (!leaf.equals("natsj")) {
            return; // nats-server's leaf logs only its first failed reconnect: nothing to count
        }
        int before = attempts(l, hubA);
        hubA.kill();
        run.await(Duration.ofSeconds(15), () -> attempts(l, hubA) >= before + 3,
                () -> "the leaf keeps dialling A: " + l.log());
        assertEquals(0, LeafNodeTest.leafCount(hubB), "the leaf never went to B");
        assertTrue(l.log().lines().filter(x -> x.contains("Trying to connect") || x.contains("Error trying"))
                .noneMatch(x -> x.contains(":" + hubB.leafPort())), "B's URL never dialled");
    }

    /** @return the leaf's failed attempts at A's leaf URL so far (natsj logs each one) */
    private static int attempts(ClusterNode leaf, ClusterNode hubA) {
        Matcher m = Pattern.compile("Error trying to connect as leafnode to remote server nats-leaf://127\\.0\\.0\\.1:"
                + hubA.leafPort() + "\\b").matcher(leaf.log());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Publishes until one message arrives: interest has crossed, then 20 more arrive in order. */
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
        while (s.nextMessage(Duration.ofMillis(100)) != null) {
            // the probes that crossed late
        }
        for (int i = 0; i < 20; i++) {
            pub.publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        pub.flush(WAIT);
        for (int i = 0; i < 20; i++) {
            io.nats.client.Message m = s.nextMessage(WAIT);
            assertTrue(m != null && new String(m.getData(), StandardCharsets.UTF_8).equals("m" + i),
                    subject + " message " + i);
        }
        s.unsubscribe();
    }
}
