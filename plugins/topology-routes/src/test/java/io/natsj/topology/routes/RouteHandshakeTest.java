package io.natsj.topology.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The route handshake over real sockets, with the plugin's cluster in-process on a fake kernel:
 * a raw-socket peer speaking as nats-server 2.9.10 does, and in-process clusters meshing.
 */
class RouteHandshakeTest {

    static final String PEER_ID = "NPEERPEERPEERPEERPEERPEERPEERPEERPEERPEERPEERPEERPEERPEER";

    @RegisterExtension
    final RouteClusters clusters = new RouteClusters();

    private RouteCluster start(FakeLocalServer local, String section) {
        return clusters.start(local, section);
    }

    static String connect(String cluster, String credentials) {
        return "CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false," + credentials
                + "\"tls_required\":false,\"headers\":true,\"name\":\"" + PEER_ID + "\",\"cluster\":\"" + cluster
                + "\",\"lnoc\":true}\r\n";
    }

    static String info(String id, String name, int port) {
        return "INFO {\"server_id\":\"" + id + "\",\"server_name\":\"" + name + "\",\"version\":\"2.9.10\",\"proto\":2,"
                + "\"go\":\"go1.19.8\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"headers\":true,"
                + "\"max_payload\":1048576,\"nonce\":\"abc\",\"cluster\":\"c1\",\"connect_urls\":[\"127.0.0.1:5555\"],"
                + "\"lnoc\":true} \r\n";
    }

    @Test
    void acceptorSendsInfoAsNatsServerDoes() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        RouteCluster cluster = start(local, "name: c1, host: 127.0.0.1, port: -1");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            String info = peer.line();
            assertTrue(Pattern.matches("INFO \\{\"server_id\":\"NAAAA\",\"server_name\":\"A\",\"version\":\"2.9.10\","
                    + "\"proto\":2,\"host\":\"127.0.0.1\",\"port\":" + cluster.boundPort() + ",\"headers\":true,"
                    + "\"max_payload\":1048576,\"nonce\":\"[A-Za-z0-9]{15}\",\"cluster\":\"c1\","
                    + "\"connect_urls\":\\[\"127.0.0.1:4222\"\\],\"natsj_version\":\"test\",\"java\":\"[^\"]+\"\\} \r\n", info),
                    info);
        }
    }

    @Test
    void peerRegistersExchangesInterestAndMessages() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        RouteCluster cluster = start(local, "name: c1, host: 127.0.0.1, port: -1");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line(); // our INFO
            peer.send(connect("c1", "") + info(PEER_ID, "P", 7777));
            assertEquals("RS+ $G foo\r\n", peer.lineSkippingPings(), "the interest dump");
            peer.send("RS+ $G bar\r\nRS+ $G baz q1 3\r\nRS+ NOACC x\r\nRMSG $G bar | q1 2\r\nhi\r\nRS- $G bar\r\n"
                    + "RS+ $G baz q1 3\r\nRS+ $G baz q1 1\r\nRMSG NOACC x 1\r\nz\r\nPING\r\n");
            assertEquals("PONG\r\n", peer.lineSkippingPings());
            await(() -> local.calls.contains("noInterest $G bar"), local.calls::toString);
            assertEquals(List.of("open", "interest $G bar", "interest $G baz q1 3", "deliver $G bar q=q1 hi",
                    "noInterest $G bar", "interest $G baz q1 1"), local.calls);
            assertEquals(List.of("127.0.0.1:5555"), local.lastPeerUrls());
            assertEquals(1, cluster.peerCount());
            var routez = cluster.monitor(q -> q.equals("subs") ? "detail" : "");
            assertEquals(1, routez.get("num_routes"));
        }
        await(() -> local.calls.contains("close"), local.calls::toString);
        await(() -> cluster.peerCount() == 0, () -> "route still registered");
        assertEquals(List.of(), local.lastPeerUrls());
    }

    @Test
    void clusterNameMismatchIsRejectedWithNatsServersError() throws Exception {
        RouteCluster cluster = start(new FakeLocalServer("NAAAA", "A", 4222), "name: c1, host: 127.0.0.1, port: -1");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(connect("other", ""));
            assertEquals("-ERR 'Rejecting connection, cluster name \"other\" does not match \"c1\"'\r\n", peer.lineSkippingPings());
            assertTrue(peer.closedByServer());
        }
    }

    @Test
    void clusterAuthorization() throws Exception {
        RouteCluster cluster = start(new FakeLocalServer("NAAAA", "A", 4222),
                "name: c1, host: 127.0.0.1, port: -1, authorization { user: ruser, password: rpass }");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            assertTrue(peer.line().contains("\"auth_required\":true"));
            peer.send(connect("c1", "\"user\":\"ruser\",\"pass\":\"wrong\","));
            assertEquals("-ERR 'Authorization Violation'\r\n", peer.lineSkippingPings());
        }
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send("PING\r\n");
            assertEquals("-ERR 'Authorization Violation'\r\n", peer.line());
        }
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(connect("c1", "\"user\":\"ruser\",\"pass\":\"rpass\",") + info(PEER_ID, "P", 7777));
            assertEquals("RS+ $G foo\r\n", peer.lineSkippingPings());
        }
    }

    @Test
    void clientOnTheRoutePortIsRefused() throws Exception {
        RouteCluster cluster = start(new FakeLocalServer("NAAAA", "A", 4222), "name: c1, host: 127.0.0.1, port: -1");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send("CONNECT {\"lang\":\"java\",\"version\":\"2.26.2\"}\r\n");
            assertEquals("-ERR 'attempted to connect to route port'\r\n", peer.lineSkippingPings());
        }
    }

    @Test
    void unknownOperationIsAnError() throws Exception {
        RouteCluster cluster = start(new FakeLocalServer("NAAAA", "A", 4222), "name: c1, host: 127.0.0.1, port: -1");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send("FOO bar\r\n");
            assertEquals("-ERR 'Unknown Protocol Operation'\r\n", peer.lineSkippingPings());
            assertTrue(peer.closedByServer());
        }
    }

    @Test
    void routeToSelfIsDroppedAndNotRedialled() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        RouteCluster cluster = start(local, "name: c1, host: 127.0.0.1, port: -1");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(info("NAAAA", "A", 1));
            assertTrue(peer.closedByServer());
        }
        assertEquals(0, cluster.peerCount());
    }

    @Test
    void threeServersMeshFromOneSeedAndDuplicatesResolve() {
        FakeLocalServer a = new FakeLocalServer("NAAAA", "A", 4001);
        RouteCluster ca = start(a, "name: c1, host: 127.0.0.1, port: -1");
        String seed = "\"nats://127.0.0.1:" + ca.boundPort() + "\"";
        FakeLocalServer b = new FakeLocalServer("NBBBB", "B", 4002);
        RouteCluster cb = start(b, "name: c1, host: 127.0.0.1, port: -1, routes: [" + seed + "]");
        FakeLocalServer c = new FakeLocalServer("NCCCC", "C", 4003);
        RouteCluster cc = start(c, "name: c1, host: 127.0.0.1, port: -1, routes: [" + seed + "]");
        await(() -> ca.peerCount() == 2 && cb.peerCount() == 2 && cc.peerCount() == 2,
                () -> ca.peerCount() + " " + cb.peerCount() + " " + cc.peerCount());
        await(() -> a.lastPeerUrls().size() == 2, () -> "A's client URLs " + a.lastPeerUrls());
        assertTrue(a.lastPeerUrls().containsAll(List.of("127.0.0.1:4002", "127.0.0.1:4003")));
        // B and C each dialled the seed; one route per pair of servers.
        for (RouteCluster x : List.of(ca, cb, cc)) {
            assertEquals(2, x.registeredRoutes().stream().map(RouteConnection::remoteId).distinct().count());
        }
    }

    @Test
    void lostExplicitRouteIsRedialled() {
        FakeLocalServer a = new FakeLocalServer("NAAAA", "A", 4001);
        RouteCluster ca = start(a, "name: c1, host: 127.0.0.1, port: -1");
        int port = ca.boundPort();
        FakeLocalServer b = new FakeLocalServer("NBBBB", "B", 4002);
        RouteCluster cb = start(b, "name: c1, host: 127.0.0.1, port: -1, routes: [\"nats://127.0.0.1:" + port + "\"]");
        await(() -> cb.peerCount() == 1, () -> "no route");
        ca.close();
        await(() -> cb.peerCount() == 0, () -> "route not dropped");
        RouteCluster again = start(new FakeLocalServer("NAAA2", "A2", 4001), "name: c1, host: 127.0.0.1, port: " + port);
        await(() -> cb.peerCount() == 1 && again.peerCount() == 1, () -> "not redialled");
    }

    // ---- route pooling (nats-server 2.10) ----------------------------------------------------

    private static String pooledInfo(String id, int size, int idx) {
        String i = info(id, "P", 7777);
        String extra = ",\"route_pool_size\":" + size + (idx != 0 ? ",\"route_pool_idx\":" + idx : "");
        return i.replace("\"lnoc\":true}", "\"lnoc\":true" + extra + "}");
    }

    /** The first line that is not a PING, after sending a PING: the peer's PONG if nothing else came. */
    private static String nextAfterPing(PeerSocket peer) throws Exception {
        peer.send("PING\r\n");
        return peer.lineSkippingPings();
    }

    @Test
    void pooledAcceptorPlacesConnectionsByTheirIndexAndSendsEachItsAccounts() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        local.localInterest.add("ACC bar");
        RouteCluster cluster = start(local, "name: c1, host: 127.0.0.1, port: -1, pool_size: 3");
        // $G hashes to 2 and ACC to 1 with 3 connections; index 0 carries neither.
        try (PeerSocket p0 = new PeerSocket(cluster.boundPort());
                PeerSocket p1 = new PeerSocket(cluster.boundPort());
                PeerSocket p2 = new PeerSocket(cluster.boundPort())) {
            String ours = p0.line();
            assertTrue(ours.contains(",\"route_pool_size\":3,") && !ours.contains("route_pool_idx"), ours);
            p0.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 0));
            assertEquals("PONG\r\n", nextAfterPing(p0));
            p1.line();
            p1.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 1));
            assertEquals("RS+ ACC bar\r\n", nextAfterPing(p1));
            assertEquals("PONG\r\n", p1.lineSkippingPings());
            p2.line();
            p2.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 2));
            assertEquals("RS+ $G foo\r\n", nextAfterPing(p2));
            assertEquals("PONG\r\n", p2.lineSkippingPings());
            await(() -> cluster.peerCount() == 3, () -> "pool connections " + cluster.peerCount());
            assertEquals(3, cluster.monitor(q -> "").get("num_routes"));
            assertEquals(List.of(0, 1, 2), cluster.registeredRoutes().stream().map(RouteConnection::poolIdx).toList());
            // A second connection for a taken index is a duplicate, closed without a word.
            try (PeerSocket dup = new PeerSocket(cluster.boundPort())) {
                dup.line();
                dup.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 1));
                assertTrue(dup.closedByServer());
            }
            assertEquals(3, cluster.peerCount());
            assertEquals(1, local.peerUrls.stream().filter(u -> !u.isEmpty()).count(), "client URLs told once per peer");
        }
        await(() -> cluster.peerCount() == 0, () -> "pool still registered");
    }

    @Test
    void pooledSolicitorAsksForEachIndexInItsInfo() throws Exception {
        try (var acceptor = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            acceptor.setSoTimeout(5000);
            FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
            local.localInterest.add("ACC bar");
            start(local, "name: c1, host: 127.0.0.1, port: -1, pool_size: 3, routes: [\"nats://127.0.0.1:"
                    + acceptor.getLocalPort() + "\"]");
            // An acceptor that names an index in its INFO is refused, as 2.10 does.
            try (PeerSocket bad = new PeerSocket(acceptor.accept())) {
                assertTrue(bad.line().startsWith("CONNECT "));
                String info = bad.line();
                assertTrue(info.contains(",\"route_pool_size\":3,") && !info.contains("route_pool_idx"), info);
                bad.send(pooledInfo(PEER_ID, 3, 1));
                assertEquals("-ERR 'Route pool index should not be set but is set to 1'\r\n", bad.lineSkippingPings());
            }
            // The explicit route is dialled again; this time the acceptor answers as 2.10 does.
            List<PeerSocket> pool = new ArrayList<>();
            try {
                PeerSocket first = new PeerSocket(acceptor.accept());
                pool.add(first);
                first.line();
                assertTrue(!first.line().contains("route_pool_idx"));
                first.send(pooledInfo(PEER_ID, 3, 0));
                assertEquals("PONG\r\n", nextAfterPing(first), "index 0 carries neither $G nor ACC");
                List<String> asked = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    PeerSocket more = new PeerSocket(acceptor.accept());
                    pool.add(more);
                    assertTrue(more.line().startsWith("CONNECT "));
                    String info = more.line();
                    java.util.regex.Matcher m = Pattern.compile("\"route_pool_idx\":(\\d)").matcher(info);
                    assertTrue(m.find(), info);
                    asked.add(m.group(1));
                    more.send(pooledInfo(PEER_ID, 3, 0));
                    String interest = m.group(1).equals("1") ? "RS+ ACC bar\r\n" : "RS+ $G foo\r\n";
                    assertEquals(interest, more.lineSkippingPings(), "index " + m.group(1));
                }
                assertEquals(List.of("1", "2"), asked.stream().sorted().toList());
            } finally {
                for (PeerSocket p : pool) {
                    p.close();
                }
            }
        }
    }

    @Test
    void mismatchedPoolSizesAreRefusedAsNatsServer210() throws Exception {
        RouteCluster cluster = start(new FakeLocalServer("NAAAA", "A", 4222),
                "name: c1, host: 127.0.0.1, port: -1, pool_size: 3");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(connect("c1", "") + pooledInfo(PEER_ID, 4, 0));
            assertEquals("-ERR 'Mismatch route pool size: 3 vs 4'\r\n", peer.lineSkippingPings());
            assertTrue(peer.closedByServer());
        }
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 3));
            assertEquals("-ERR 'Invalid route pool index: 3 - pool size is 3'\r\n", peer.lineSkippingPings());
        }
        assertEquals(0, cluster.peerCount());
    }

    @Test
    void pooledServerAndPeerWithoutPoolSizeUseOneConnectionForAllAccounts() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        local.localInterest.add("ACC bar");
        RouteCluster cluster = start(local, "name: c1, host: 127.0.0.1, port: -1, pool_size: 3");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(connect("c1", "") + info(PEER_ID, "P", 7777)); // as 2.9.10: no route_pool_size
            assertEquals("RS+ $G foo\r\n", peer.lineSkippingPings());
            assertEquals("RS+ ACC bar\r\n", peer.lineSkippingPings());
            assertEquals(1, cluster.peerCount());
            assertTrue(!cluster.registeredRoutes().get(0).isPooled());
        }
    }

    @Test
    void poolSizesOneZeroAndMinusOneNeitherAdvertiseNorPool() throws Exception {
        for (String size : List.of("1", "0", "-1")) {
            FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
            local.localInterest.add("ACC bar");
            RouteCluster cluster = start(local, "name: c1, host: 127.0.0.1, port: -1, pool_size: " + size);
            try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
                assertTrue(!peer.line().contains("route_pool"), size);
                // A 2.10 peer with a pool: its first connection carries everything.
                peer.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 0));
                assertEquals("RS+ $G foo\r\n", peer.lineSkippingPings());
                assertEquals("RS+ ACC bar\r\n", peer.lineSkippingPings());
                // Its pool connections are not registered.
                try (PeerSocket more = new PeerSocket(cluster.boundPort())) {
                    more.line();
                    more.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 1));
                    assertEquals("PONG\r\n", nextAfterPing(more));
                }
                assertEquals(1, cluster.peerCount(), size);
            }
        }
    }

    @Test
    void pinnedAccountConnectionIsNeverRegistered() throws Exception {
        RouteCluster cluster = start(new FakeLocalServer("NAAAA", "A", 4222),
                "name: c1, host: 127.0.0.1, port: -1, pool_size: 3");
        try (PeerSocket peer = new PeerSocket(cluster.boundPort())) {
            peer.line();
            peer.send(connect("c1", "") + pooledInfo(PEER_ID, 3, 0).replace("\"lnoc\":true,",
                    "\"lnoc\":true,\"route_account\":\"$SYS\","));
            assertEquals("PONG\r\n", nextAfterPing(peer));
            assertEquals(0, cluster.peerCount());
        }
    }

    @Test
    void twoPooledServersKeepThreeConnectionsAndAPoolOffPeerOne() {
        FakeLocalServer a = new FakeLocalServer("NAAAA", "A", 4001);
        a.localInterest.add("ACC bar");
        RouteCluster ca = start(a, "name: c1, host: 127.0.0.1, port: -1, pool_size: 3");
        String seed = "\"nats://127.0.0.1:" + ca.boundPort() + "\"";
        FakeLocalServer b = new FakeLocalServer("NBBBB", "B", 4002);
        RouteCluster cb = start(b, "name: c1, host: 127.0.0.1, port: -1, pool_size: 3, routes: [" + seed + "]");
        await(() -> ca.peerCount() == 3 && cb.peerCount() == 3, () -> ca.peerCount() + " " + cb.peerCount());
        for (RouteCluster x : List.of(ca, cb)) {
            assertEquals(List.of(0, 1, 2), x.registeredRoutes().stream().map(RouteConnection::poolIdx).sorted().toList());
            assertTrue(x.registeredRoutes().stream().allMatch(RouteConnection::isPooled));
        }
        assertTrue(cb.registeredRoutes().stream().allMatch(RouteConnection::didSolicit));
        // A server without pooling joins: one connection to each.
        FakeLocalServer c = new FakeLocalServer("NCCCC", "C", 4003);
        RouteCluster cc = start(c, "name: c1, host: 127.0.0.1, port: -1, routes: [" + seed + "]");
        await(() -> ca.peerCount() == 4 && cb.peerCount() == 4 && cc.peerCount() == 2,
                () -> ca.peerCount() + " " + cb.peerCount() + " " + cc.peerCount());
    }

    @Test
    void pooledServersDiallingEachOtherSettleOnThreeConnections() throws Exception {
        int pa;
        int pb;
        try (var s1 = new java.net.ServerSocket(0); var s2 = new java.net.ServerSocket(0)) {
            pa = s1.getLocalPort();
            pb = s2.getLocalPort();
        }
        RouteCluster ca = start(new FakeLocalServer("NAAAA", "A", 4001), "name: c1, host: 127.0.0.1, port: " + pa
                + ", pool_size: 3, routes: [\"nats://127.0.0.1:" + pb + "\"]");
        RouteCluster cb = start(new FakeLocalServer("NBBBB", "B", 4002), "name: c1, host: 127.0.0.1, port: " + pb
                + ", pool_size: 3, routes: [\"nats://127.0.0.1:" + pa + "\"]");
        await(() -> ca.peerCount() == 3 && cb.peerCount() == 3, () -> ca.peerCount() + " " + cb.peerCount());
        // Both ends agree on which TCP connection is which index.
        for (RouteConnection r : ca.registeredRoutes()) {
            int localPort = ((java.net.InetSocketAddress) r.channel().localAddress()).getPort();
            RouteConnection other = cb.registeredRoutes().stream()
                    .filter(x -> x.remoteAddress().getPort() == localPort
                            && ((java.net.InetSocketAddress) x.channel().localAddress()).getPort() == r.remoteAddress().getPort())
                    .findFirst().orElseThrow();
            assertEquals(r.poolIdx(), other.poolIdx());
        }
        // Each dialled the other, so each counts its whole pool as dialled and redials it: B
        // stops, A dials until a new B is back, and the pool is whole again.
        await(() -> ca.registeredRoutes().stream().allMatch(RouteConnection::didSolicit),
                () -> "A's pool not all solicited");
        cb.close();
        await(() -> ca.peerCount() == 0, () -> "pool not dropped");
        RouteCluster cb2 = start(new FakeLocalServer("NBBB2", "B2", 4002), "name: c1, host: 127.0.0.1, port: " + pb
                + ", pool_size: 3, routes: [\"nats://127.0.0.1:" + pa + "\"]");
        await(() -> ca.peerCount() == 3 && cb2.peerCount() == 3, () -> ca.peerCount() + " " + cb2.peerCount());
    }

    @Test
    void pooledPeerThatRestartsGetsItsWholePoolBack() {
        FakeLocalServer a = new FakeLocalServer("NAAAA", "A", 4001);
        RouteCluster ca = start(a, "name: c1, host: 127.0.0.1, port: -1, pool_size: 3");
        int port = ca.boundPort();
        RouteCluster cb = start(new FakeLocalServer("NBBBB", "B", 4002),
                "name: c1, host: 127.0.0.1, port: -1, pool_size: 3, routes: [\"nats://127.0.0.1:" + port + "\"]");
        await(() -> cb.peerCount() == 3, () -> "pool " + cb.peerCount());
        ca.close();
        await(() -> cb.peerCount() == 0, () -> "pool not dropped");
        RouteCluster again = start(new FakeLocalServer("NAAA2", "A2", 4001),
                "name: c1, host: 127.0.0.1, pool_size: 3, port: " + port);
        await(() -> cb.peerCount() == 3 && again.peerCount() == 3, () -> cb.peerCount() + " " + again.peerCount());
    }

    static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
