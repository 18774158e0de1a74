package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What servers tell clients about each other: {@code connect_urls} in INFO, updated by an
 * asynchronous INFO as servers join and leave, and left out by {@code no_advertise}.
 */
class ClusterAdvertiseTest {

    private final ClusterRun run = new ClusterRun();

    @AfterEach
    void stop() {
        run.close();
    }

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
