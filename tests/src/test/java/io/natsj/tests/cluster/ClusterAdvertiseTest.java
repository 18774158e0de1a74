package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What servers tell clients about each other: {@code connect_urls} in INFO, updated by an
 * asynchronous INFO as servers join and leave, and left out by {@code no_advertise}; /varz
 * lists the same URLs.
 */
class ClusterAdvertiseTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @Test
    void noAdvertiseKeepsAServerOutOfClientsConnectUrls() throws Exception {
        ClusterNode quiet = run.add(ClusterNode.natsj("Q", List.of(), "no_advertise: true"));
        ClusterNode loud = run.add(ClusterNode.natsj("L", List.of(quiet.routeUrl()), ""));
        run.await(() -> quiet.routeIds().size() == 1 && loud.routeIds().size() == 1);
        String quietUrl = "127.0.0.1:" + quiet.clientPort();
        String loudUrl = "127.0.0.1:" + loud.clientPort();
        // As nats-server 2.9.10: the quiet server's URL reaches no client, and with no other peer
        // the loud server has no cluster URLs to list either.
        String loudInfo = info(loud);
        assertFalse(loudInfo.contains(quietUrl), loudInfo);
        assertFalse(loudInfo.contains("connect_urls"), loudInfo);
        assertTrue(loudInfo.contains("\"cluster\":\""), "client INFO names the cluster: " + loudInfo);
        String quietInfo = info(quiet);
        assertFalse(quietInfo.contains("connect_urls"), "no_advertise: no cluster URLs for its own clients: "
                + quietInfo);
        assertTrue(loud.monitor("/routez").toString().contains("\"num_routes\":1"));
        assertFalse(quietInfo.contains(loudUrl));
    }

    @Test
    void clientsHearOfServersJoiningAndLeavingByAsyncInfo() throws Exception {
        ClusterNode seed = run.add(ClusterNode.natsj("S", List.of(), ""));
        try (Socket s = new Socket("127.0.0.1", seed.clientPort())) {
            s.setSoTimeout(15_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            in.readLine();
            s.getOutputStream().write("CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(nextNonPing(in).equals("PONG"));
            ClusterNode joiner = run.add(ClusterNode.natsj("J", List.of(seed.routeUrl()), ""));
            String joinerUrl = "127.0.0.1:" + joiner.clientPort();
            String joined = nextNonPing(in);
            assertTrue(joined.startsWith("INFO ") && joined.contains(joinerUrl), joined);
            joiner.close();
            String left = nextNonPing(in);
            assertTrue(left.startsWith("INFO ") && !left.contains(joinerUrl), left);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"natsj", "nats-server"})
    void varzListsTheClientUrlsInfoAnnounces(String kind) {
        ClusterNode seed = run.add(node(kind, "S", List.of()));
        // No peer has told its URLs yet: nats-server omits the field, as for a server alone.
        assertTrue(seed.monitor("/varz").path("connect_urls").isMissingNode(), seed.monitor("/varz").toString());
        ClusterNode joiner = run.add(node(kind, "J", List.of(seed.routeUrl())));
        String seedUrl = "127.0.0.1:" + seed.clientPort();
        String joinerUrl = "127.0.0.1:" + joiner.clientPort();
        // Each server lists its own URL first, then the cluster's.
        run.await(() -> varzUrls(seed).equals(List.of(seedUrl, joinerUrl)), () -> "seed varz " + varzUrls(seed));
        run.await(() -> varzUrls(joiner).equals(List.of(joinerUrl, seedUrl)), () -> "joiner varz " + varzUrls(joiner));
        joiner.close();
        // Once the peer has gone the server still lists itself.
        run.await(() -> varzUrls(seed).equals(List.of(seedUrl)), () -> "seed varz " + varzUrls(seed));
    }

    private static ClusterNode node(String kind, String name, List<String> routes) {
        if (kind.equals("natsj")) {
            return ClusterNode.natsj(name, routes, "");
        }
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        return ClusterNode.go(name, routes, "");
    }

    private static List<String> varzUrls(ClusterNode node) {
        List<String> urls = new ArrayList<>();
        node.monitor("/varz").path("connect_urls").forEach(u -> urls.add(u.asText()));
        return urls;
    }

    /** A clustered server that never had a peer lists no connect_urls; nats-server 2.9.10 neither. */
    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void serverAloneInItsClusterSendsNoConnectUrls(String server) throws Exception {
        ClusterNode alone = run.add(node(server, "S", List.of()));
        JsonNode info = infoJson(info(alone));
        assertEquals("c1", info.path("cluster").asText(), info.toString());
        assertFalse(info.has("connect_urls"), info.toString());
    }

    /**
     * Once its peers have gone, a server still lists connect_urls, with only its own URL, in the
     * asynchronous INFO to its clients and in the INFO of new ones, as nats-server 2.9.10 does:
     * clients prune the departed servers from their pools.
     */
    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void serverWhosePeersLeftListsItsOwnUrlOnly(String server) throws Exception {
        ClusterNode seed = run.add(node(server, "S", List.of()));
        String seedUrl = "127.0.0.1:" + seed.clientPort();
        try (Socket s = new Socket("127.0.0.1", seed.clientPort())) {
            s.setSoTimeout(15_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            in.readLine();
            s.getOutputStream().write("CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("PONG", nextNonPing(in));
            ClusterNode joiner = node(server, "J", List.of(seed.routeUrl()));
            String joinerUrl = "127.0.0.1:" + joiner.clientPort();
            try {
                assertEquals(List.of(seedUrl, joinerUrl), connectUrls(nextNonPing(in)));
            } finally {
                joiner.close();
            }
            assertEquals(List.of(seedUrl), connectUrls(nextNonPing(in)), "async INFO once the peer left");
        }
        assertEquals(List.of(seedUrl), connectUrls(info(seed)), "a new client's INFO");
    }

    private static JsonNode infoJson(String line) throws Exception {
        assertTrue(line != null && line.startsWith("INFO "), String.valueOf(line));
        return new ObjectMapper().readTree(line.substring(5));
    }

    private static List<String> connectUrls(String infoLine) throws Exception {
        List<String> urls = new ArrayList<>();
        infoJson(infoLine).path("connect_urls").forEach(u -> urls.add(u.asText()));
        return urls;
    }

    private static String nextNonPing(BufferedReader in) throws Exception {
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null || !line.equals("PING")) {
                return line;
            }
        }
    }

    private static String info(ClusterNode node) throws Exception {
        try (Socket s = new Socket("127.0.0.1", node.clientPort())) {
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

}
