package io.natsj.topology.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers that dialled each other at once: each registers the connection whose INFO came
 * first. Between natsj servers both keep the one dialled by the server whose id sorts first,
 * whatever the order, so they never close each other's choice and lose the route; with a
 * nats-server peer natsj keeps the first registered, as nats-server does.
 */
class RouteDuplicateTest {

    @RegisterExtension
    final RouteClusters clusters = new RouteClusters();
    private RouteCluster cluster;

    @Test
    void natsjPeersKeepTheConnectionDialledByTheIdThatSortsFirst() throws Exception {
        String natsjInfo = RouteHandshakeTest.info(RouteHandshakeTest.PEER_ID, "P", 7777)
                .replace("\"lnoc\":true}", "\"lnoc\":true,\"natsj_version\":\"test\"}");
        try (ServerSocket acceptor = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // NAAAA sorts before the peer's id: the connection NAAAA dialled is the one to keep.
            start(acceptor);
            try (PeerSocket dialledByUs = new PeerSocket(acceptor.accept());
                    PeerSocket dialledByPeer = new PeerSocket(cluster.boundPort())) {
                registerPeersFirst(dialledByUs, dialledByPeer, natsjInfo);
                dialledByUs.send(natsjInfo);
                assertEquals("RS+ $G foo\r\n", dialledByUs.line(), "registered in place of the peer's");
                assertTrue(dialledByPeer.closedByServer(), "the peer's connection closed");
                RouteHandshakeTest.await(() -> cluster.registeredRoutes().size() == 1
                        && !cluster.registeredRoutes().get(0).isAccepted(), () -> "" + cluster.registeredRoutes());
                assertTrue(cluster.registeredRoutes().get(0).retry(), "dialled again if lost, as a kept duplicate");
            }
        }
    }

    @Test
    void aNatsServerPeerKeepsTheFirstRegisteredAsNatsServerDoes() throws Exception {
        String goInfo = RouteHandshakeTest.info(RouteHandshakeTest.PEER_ID, "P", 7777);
        try (ServerSocket acceptor = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            start(acceptor);
            try (PeerSocket dialledByUs = new PeerSocket(acceptor.accept());
                    PeerSocket dialledByPeer = new PeerSocket(cluster.boundPort())) {
                registerPeersFirst(dialledByUs, dialledByPeer, goInfo);
                dialledByUs.send(goInfo);
                assertTrue(dialledByUs.closedByServer(), "the later one is the duplicate");
                assertEquals(1, cluster.registeredRoutes().size());
                assertTrue(cluster.registeredRoutes().get(0).isAccepted());
                dialledByPeer.send("PING\r\n");
                assertEquals("PONG\r\n", dialledByPeer.lineSkippingPings());
                assertFalse(dialledByPeer.closedByServer());
            }
        }
    }

    private void start(ServerSocket peer) throws Exception {
        peer.setSoTimeout(5000);
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        cluster = clusters.start(local, "name: c1, host: 127.0.0.1, port: -1, routes: [\"nats://127.0.0.1:"
                + peer.getLocalPort() + "\"]");
    }

    /** Both connections open, the peer's registered first (its CONNECT and INFO came first). */
    private static void registerPeersFirst(PeerSocket dialledByUs, PeerSocket dialledByPeer, String info)
            throws Exception {
        assertTrue(dialledByUs.line().startsWith("CONNECT "));
        assertTrue(dialledByUs.line().startsWith("INFO "));
        assertTrue(dialledByPeer.line().startsWith("INFO "));
        dialledByPeer.send(RouteHandshakeTest.connect("c1", "") + info);
        assertEquals("RS+ $G foo\r\n", dialledByPeer.line(), "the peer's connection registered");
    }
}
