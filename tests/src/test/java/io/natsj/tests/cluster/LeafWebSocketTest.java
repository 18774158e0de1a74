package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Leaf nodes over WebSocket: the leaf dials the hub's {@code websocket} port ({@code ws://}
 * remote, nats-server's {@code /leafnode} path) and the leaf protocol runs inside the frames;
 * natsj and nats-server 2.9.10 as hub and as leaf, with and without per-message deflate and
 * masking. Messages cross both ways once, a queue group spanning both sides serves each message
 * once, and a leaf whose hub restarts reconnects over WebSocket and sends its interest again.
 * Over {@code wss://} natsj and nats-server leaves reach natsj and nats-server hubs (with a
 * client certificate when the hub verifies); a server without a leaf listener answers a leaf's
 * upgrade and hangs up.
 */
class LeafWebSocketTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static String hubConfig(int wsPort, boolean compression, int leafPort) {
        return "debug: true\nleafnodes { listen: \"127.0.0.1:" + leafPort + "\" }\nwebsocket { host: 127.0.0.1, port: " + wsPort
                + ", no_tls: true, compression: " + compression + " }";
    }

    private static String leafConfig(int wsPort, String options) {
        return "leafnodes { reconnect: 1, remotes: [ { url: \"ws://127.0.0.1:" + wsPort + "\" " + options + " } ] }";
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}, compression {2}, options {3}")
    @CsvSource(delimiter = '|', value = {
        "natsj | natsj | false | ''",
        "natsj | natsj | true | ', ws_compression: true, ws_no_masking: true'",
        "nats-server | natsj | false | ''",
        "nats-server | natsj | true | ', ws_compression: true'",
        "nats-server | natsj | false | ', ws_no_masking: true'",
        "natsj | nats-server | false | ''",
        "natsj | nats-server | true | ', ws_compression: true, ws_no_masking: true'"})
    void messagesAndQueueGroupsCrossAWebSocketLeafConnection(String hub, String leaf, boolean compression,
                                                            String options) throws Exception {
        int wsPort = freePort();
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", hubConfig(wsPort, compression, -1), ""));
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", leafConfig(wsPort, options), ""));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        if (hub.equals("nats-server") && compression && options.contains("ws_compression: true")) {
            // nats-server says whether it agreed to compress the leaf's connection (debug).
            run.await(() -> h.log().contains("Leafnode compression=true"), () -> "compression agreed: " + h.log());
        }
        Connection onHub = run.connect(h, null);
        Connection onLeaf = run.connect(l, null);
        exchange(onHub, onLeaf, "down");
        exchange(onLeaf, onHub, "up");

        Subscription hubMember = onHub.subscribe("work", "workers");
        Subscription leafMember = onLeaf.subscribe("work", "workers");
        onHub.flush(Duration.ofSeconds(5));
        onLeaf.flush(Duration.ofSeconds(5));
        run.awaitRoute(onHub, onLeaf);
        run.awaitRoute(onLeaf, onHub);
        for (Connection pub : List.of(onHub, onLeaf)) {
            for (int i = 0; i < 50; i++) {
                pub.publish("work", new byte[100]);
            }
            pub.flush(Duration.ofSeconds(5));
            int got = 0;
            while (hubMember.nextMessage(Duration.ofMillis(500)) != null) {
                got++;
            }
            while (leafMember.nextMessage(Duration.ofMillis(300)) != null) {
                got++;
            }
            assertEquals(50, got, "each message to one member, published on " + pub.getConnectedUrl());
        }
    }

    private void exchange(Connection pub, Connection sub, String subject) throws Exception {
        Subscription s = sub.subscribe(subject + ".>");
        sub.flush(Duration.ofSeconds(5));
        run.awaitRoute(pub, sub);
        byte[] big = new byte[70_000]; // over 64 KiB: a frame with a 64-bit length
        for (int i = 0; i < 50; i++) {
            byte[] body = i == 25 ? big : ("m" + i).getBytes(StandardCharsets.UTF_8);
            pub.publish(subject + "." + i, body);
        }
        pub.flush(Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            Message m = s.nextMessage(Duration.ofSeconds(5));
            assertNotNull(m, subject + " message " + i);
            assertEquals(subject + "." + i, m.getSubject());
            assertEquals(i == 25 ? big.length : ("m" + i).length(), m.getData().length);
        }
        assertNull(s.nextMessage(Duration.ofMillis(300)), "each message once");
        s.unsubscribe();
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aLeafReconnectsOverWebSocketWhenItsHubRestarts(String hub, String leaf) throws Exception {
        int wsPort = freePort();
        int leafPort = freePort();
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", hubConfig(wsPort, false, leafPort), ""));
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", leafConfig(wsPort, ""), ""));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        Connection leafSub = run.connect(l, null);
        Subscription fromHub = leafSub.subscribe("from.hub");
        leafSub.flush(Duration.ofSeconds(5));

        h.kill();
        run.await(() -> LeafNodeTest.leafCount(l) == 0, () -> "the leaf noticed its hub is gone");
        ClusterNode back = run.add(LeafNodeTest.node(hub, "HUB", hubConfig(wsPort, false, leafPort), ""));
        run.await(() -> LeafNodeTest.leafCount(back) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf reconnected: " + back.log() + l.log());
        Connection hubPub = run.connect(back, null);
        run.await(() -> {
            hubPub.publish("from.hub", new byte[0]);
            try {
                return fromHub.nextMessage(Duration.ofMillis(200)) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "the leaf's old subscription reached the new hub");
    }

    @ParameterizedTest(name = "hub {0}")
    @CsvSource({"natsj", "nats-server"})
    void aServerWithoutALeafListenerHangsUpOnALeafAtItsWebSocketPort(String hub) throws Exception {
        int wsPort = freePort();
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", "websocket { host: 127.0.0.1, port: " + wsPort
                + ", no_tls: true }", ""));
        ClusterNode l = run.add(LeafNodeTest.node("natsj", "LEAF", leafConfig(wsPort, ""), ""));
        run.await(() -> h.log().contains("Not configured to accept leaf node connections"),
                () -> "the hub refused the leaf: " + h.log() + l.log());
        assertEquals(0, LeafNodeTest.leafCount(l));
    }

    /**
     * {@code wss://}: the hub's websocket section's own TLS in front of the leaf protocol, the
     * remote's {@code tls} block (CA, and a client certificate for a verifying hub) under the
     * leaf's frames. A hub's {@code leafnodes.tls} does not apply behind a WebSocket (nats-server
     * 2.9.10): its INFO says {@code tls_required} and the leaf starts no second handshake.
     */
    @ParameterizedTest(name = "hub {0}, leaf {1}, client certificate {2}")
    @CsvSource({"natsj, nats-server, false", "nats-server, natsj, false", "natsj, natsj, false",
        "nats-server, natsj, true", "natsj, natsj, true", "natsj, nats-server, true"})
    void aLeafReachesTheHubOverWss(String hub, String leaf, boolean verify) throws Exception {
        int wsPort = freePort();
        String leafTls = verify ? "leafnodes { listen: \"127.0.0.1:-1\", " + LeafTlsTest.hubTls(true) + " }\n"
                : "leafnodes { listen: \"127.0.0.1:-1\" }\n";
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", leafTls
                + "websocket { host: 127.0.0.1, port: " + wsPort + ", tls { cert_file: \"" + cert("server-cert.pem")
                + "\", key_file: \"" + cert("server-key.pem") + "\", ca_file: \"" + cert("ca.pem") + "\", verify: "
                + verify + " } }", ""));
        ClusterNode l = run.add(LeafNodeTest.node(leaf, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"wss://127.0.0.1:" + wsPort + "\", " + LeafTlsTest.remoteTls(verify) + " } ] }", ""));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf connected over wss: " + h.log() + l.log());
        Connection onHub = run.connect(h, null);
        Connection onLeaf = run.connect(l, null);
        exchange(onHub, onLeaf, "down");
        exchange(onLeaf, onHub, "up");
    }

    /**
     * A leaf without credentials that comes over WebSocket to a hub without
     * {@code leafnodes.authorization} is the websocket section's {@code no_auth_user} (bound to
     * that user's account), not the server's, as nats-server 2.9.10 does.
     */
    @ParameterizedTest(name = "hub {0}")
    @CsvSource({"natsj", "nats-server"})
    void aWebSocketLeafWithoutCredentialsIsTheSectionsNoAuthUser(String hub) throws Exception {
        int wsPort = freePort();
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", hubConfig(wsPort, false, -1).replace(
                "compression: false }", "compression: false, no_auth_user: leaf }"),
                "accounts { A { users: [{user: a, password: a}] }, L { users: [{user: leaf, password: leaf}] } }\n"
                        + "no_auth_user: a"));
        ClusterNode l = run.add(LeafNodeTest.node("natsj", "LEAF", leafConfig(wsPort, ""), ""));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "the leaf connected: " + h.log() + l.log());
        Connection inL = run.connect(h, "leaf");
        Connection inA = run.connect(h, "a");
        Subscription toL = inL.subscribe("from.leaf");
        Subscription toA = inA.subscribe("from.leaf");
        inL.flush(Duration.ofSeconds(5));
        inA.flush(Duration.ofSeconds(5));
        Connection onLeaf = run.connect(l, null);
        run.awaitRoute(onLeaf, inL);
        onLeaf.publish("from.leaf", new byte[0]);
        onLeaf.flush(Duration.ofSeconds(5));
        assertNotNull(toL.nextMessage(Duration.ofSeconds(5)), "the leaf is bound to account L");
        assertNull(toA.nextMessage(Duration.ofMillis(300)), "not to the server's no_auth_user's account");
    }

    /**
     * A {@code wss://} remote checks the hub's certificate: without a {@code tls} block it trusts
     * the JDK's authorities (nats-server its system roots), which do not know the test CA, and
     * the connection fails at the handshake; a verifying hub refuses a leaf without a certificate.
     */
    @ParameterizedTest(name = "hub {0}, verifying {1}")
    @CsvSource({"natsj, false", "nats-server, false", "natsj, true", "nats-server, true"})
    void aWssLeafWhoseTlsDoesNotMatchTheHubsIsNotConnected(String hub, boolean verify) throws Exception {
        int wsPort = freePort();
        ClusterNode h = run.add(LeafNodeTest.node(hub, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }\n"
                + "websocket { host: 127.0.0.1, port: " + wsPort + ", tls { cert_file: \"" + cert("server-cert.pem")
                + "\", key_file: \"" + cert("server-key.pem") + "\", ca_file: \"" + cert("ca.pem") + "\", verify: "
                + verify + " } }", ""));
        String remoteTls = verify ? ", " + LeafTlsTest.remoteTls(false) : "";
        ClusterNode l = run.add(LeafNodeTest.node("natsj", "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"wss://127.0.0.1:" + wsPort + "\"" + remoteTls + " } ] }", ""));
        run.await(() -> l.log().contains("Error trying to connect as leafnode to remote server wss://127.0.0.1:"
                + wsPort), () -> "the leaf's handshake failed: " + l.log());
        assertEquals(0, LeafNodeTest.leafCount(l));
        assertEquals(0, LeafNodeTest.leafCount(h));
    }

    private static String cert(String name) throws Exception {
        return java.nio.file.Path.of(LeafWebSocketTest.class.getResource("/certs/" + name).toURI()).toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
