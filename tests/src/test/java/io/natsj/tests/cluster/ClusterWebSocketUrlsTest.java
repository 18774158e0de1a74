package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.tests.websocket.WsRawClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WebSocket URLs across a cluster, as nats-server 2.9.10 gossips them: each server tells its
 * routes its WebSocket URLs (route INFO {@code ws_connect_urls}), and WebSocket clients get the
 * cluster's WebSocket URLs as their INFO's {@code connect_urls} (this server's first), by an
 * asynchronous INFO as servers join and leave; plain clients keep the {@code nats} URLs and hear
 * nothing of WebSocket ones. natsj and nats-server in every pairing.
 */
class ClusterWebSocketUrlsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static ClusterNode node(String kind, String name, List<String> routes, int wsPort) {
        String ws = "websocket { host: 127.0.0.1, port: " + wsPort + ", no_tls: true }";
        if (kind.equals("natsj")) {
            return ClusterNode.natsj(name, routes, "", ws);
        }
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        return ClusterNode.go(name, routes, "", ws);
    }

    @ParameterizedTest(name = "seed {0}, joiner {1}")
    @CsvSource({"natsj, natsj", "nats-server, nats-server", "natsj, nats-server", "nats-server, natsj"})
    void webSocketClientsHearOfTheClustersWebSocketUrls(String seedKind, String joinerKind) throws Exception {
        int seedWs = freePort();
        int joinerWs = freePort();
        String seedUrl = "127.0.0.1:" + seedWs;
        String joinerUrl = "127.0.0.1:" + joinerWs;
        ClusterNode seed = run.add(node(seedKind, "S", List.of(), seedWs));
        try (WsRawClient c = new WsRawClient(seedWs)) {
            assertTrue(c.request(WsRawClient.upgradeRequest(seedWs)).statusLine().contains(" 101 "));
            assertFalse(info(c.read().text()).has("connect_urls"), "a server alone lists none");
            c.send("CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\n");
            assertEquals("PONG", nextLine(c));
            ClusterNode joiner = node(joinerKind, "J", List.of(seed.routeUrl()), joinerWs);
            try {
                assertEquals(List.of(seedUrl, joinerUrl), connectUrls(nextLine(c)), "async INFO when a server joins");
                // The joiner may register its route a moment after the seed did.
                List<List<String>> seen = new ArrayList<>();
                run.await(() -> {
                    try (WsRawClient onJoiner = new WsRawClient(joinerWs)) {
                        onJoiner.request(WsRawClient.upgradeRequest(joinerWs));
                        seen.add(connectUrls(onJoiner.read().text()));
                        return seen.getLast().equals(List.of(joinerUrl, seedUrl));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "a new WebSocket client's INFO on the joiner, its server's URL first: " + seen);
                JsonNode plain = info(tcpInfo(seed));
                Set<String> tcpUrls = new HashSet<>();
                plain.path("connect_urls").forEach(u -> tcpUrls.add(u.asText()));
                assertEquals(Set.of("127.0.0.1:" + seed.clientPort(), "127.0.0.1:" + joiner.clientPort()), tcpUrls,
                        "plain clients get the nats URLs: " + plain);
                assertFalse(plain.has("ws_connect_urls"), plain.toString());
            } finally {
                joiner.close();
            }
            assertEquals(List.of(seedUrl), connectUrls(nextLine(c)), "async INFO once the joiner left");
        }
    }

    /** The next protocol line from a WebSocket client's frames, PINGs skipped. */
    private static String nextLine(WsRawClient c) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String text;
            try {
                text = c.read().text();
            } catch (java.net.SocketTimeoutException slow) {
                // the client's socket times out after 3 s; a server joining may take longer
                assertTrue(System.nanoTime() < deadline, "no protocol line within 20 s");
                continue;
            }
            for (String line : text.split("\r\n")) {
                if (!line.isEmpty() && !line.equals("PING")) {
                    return line;
                }
            }
        }
    }

    private static JsonNode info(String line) throws Exception {
        assertTrue(line != null && line.startsWith("INFO "), String.valueOf(line));
        return JSON.readTree(line.substring(5).trim());
    }

    private static List<String> connectUrls(String line) throws Exception {
        List<String> urls = new ArrayList<>();
        info(line).path("connect_urls").forEach(u -> urls.add(u.asText()));
        return urls;
    }

    private static String tcpInfo(ClusterNode node) throws Exception {
        try (Socket s = new Socket("127.0.0.1", node.clientPort())) {
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
