package io.natsj.topology.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.spi.topology.InterestListener;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Local interest reaches the peer as the kernel reports it, from whatever thread: every RS+/RS-
 * is flushed (not left behind a flush that ran before it was written) and none overtakes an
 * earlier one, even while the route's event loop is busy.
 */
class RouteInterestTest {

    @RegisterExtension
    final RouteClusters clusters = new RouteClusters();
    private RouteCluster cluster;

    /** A registered route to a raw peer, past its first PING: the next one is ping_interval (2 min) away. */
    private PeerSocket registeredPeer(FakeLocalServer local) throws Exception {
        cluster = clusters.start(local, "name: c1, host: 127.0.0.1, port: -1");
        PeerSocket peer = new PeerSocket(cluster.boundPort());
        peer.line(); // our INFO
        peer.send(RouteHandshakeTest.connect("c1", "") + RouteHandshakeTest.info(RouteHandshakeTest.PEER_ID, "P", 7777));
        assertEquals("RS+ $G foo\r\n", peer.line(), "the interest dump");
        assertEquals("PING\r\n", peer.line(), "the first PING");
        peer.send("PONG\r\n");
        return peer;
    }

    @Test
    void changesFromAnotherThreadWhileTheRouteLoopIsBusyAreAllFlushed() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        try (PeerSocket peer = registeredPeer(local)) {
            InterestListener listener = local.listeners.get(0);
            EventLoop loop = local.links.get(0).channel().eventLoop();
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> awaitQuietly(release));
            // Queued behind the busy loop, as a subscriber on another loop queues them.
            listener.interest("$G", "work", "workers", 1);
            listener.interest("$G", "probe.1", null, 1);
            listener.noInterest("$G", "foo", null);
            release.countDown();
            // Nothing else would flush them: no message flows and the next PING is minutes away.
            assertEquals(List.of("RS+ $G work workers 1\r\n", "RS+ $G probe.1\r\n", "RS- $G foo\r\n"),
                    List.of(peer.line(), peer.line(), peer.line()));
        }
    }

    @Test
    void aChangeOnTheRouteLoopDoesNotOvertakeAnEarlierOneFromAnotherThread() throws Exception {
        FakeLocalServer local = new FakeLocalServer("NAAAA", "A", 4222);
        try (PeerSocket peer = registeredPeer(local)) {
            InterestListener listener = local.listeners.get(0);
            EventLoop loop = local.links.get(0).channel().eventLoop();
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                awaitQuietly(release);
                // A member leaving on the route's own loop, after a member joined on another.
                listener.interest("$G", "work", "workers", 1);
            });
            listener.interest("$G", "work", "workers", 2);
            release.countDown();
            assertEquals(List.of("RS+ $G work workers 2\r\n", "RS+ $G work workers 1\r\n"),
                    List.of(peer.line(), peer.line()), "weights in the order the kernel reported them");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
