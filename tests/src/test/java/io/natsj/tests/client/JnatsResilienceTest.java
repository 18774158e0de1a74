package io.natsj.tests.client;

import static io.natsj.tests.client.Clients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reconnecting after a server restart, the server cutting off a slow consumer, and a jnats
 * subscriber unharmed by another client's odd publish.
 */
class JnatsResilienceTest {

    @AllTargets
    void reconnectsAfterRestartAndRestoresSubscriptions(Target target) throws Exception {
        ServerUnderTest first = target.start("");
        int port = first.port();
        CountDownLatch reconnected = new CountDownLatch(1);
        ConnectionListener listener = (conn, event) -> {
            if (event == ConnectionListener.Events.RECONNECTED) {
                reconnected.countDown();
            }
        };
        ServerUnderTest second = null;
        try (Connection nc = Clients.connect(Clients.options(first)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(50))
                .connectionListener(listener))) {
            Subscription sub = nc.subscribe("survive");
            nc.flush(WAIT);
            first.close();
            second = target.start("", port);
            assertTrue(reconnected.await(10, TimeUnit.SECONDS), "jnats did not reconnect");
            // The subscription is replayed on the new connection by the client, at a moment of
            // its own: publish from another client until a message gets through. Not a flush on
            // nc: a flush right after RECONNECTED can lose its PONG inside jnats (seen against
            // nats-server and natsj alike, under load), and jnats 2.26 never takes a timed-out
            // flush's future off its pong queue (NatsConnection.flush, handlePong), so each later
            // PONG completes an older future and every later flush on nc times out as well.
            Message m = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try (Connection other = Clients.connect(second)) {
                while (m == null && System.nanoTime() < deadline) {
                    other.publish("survive", new byte[] {42});
                    other.flush(WAIT);
                    m = sub.nextMessage(Duration.ofMillis(100));
                }
            }
            assertNotNull(m, "no message after reconnect");
            assertEquals(42, m.getData()[0]);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @AllTargets
    void serverCutsOffSlowConsumerOthersContinue(Target target) throws Exception {
        try (ServerUnderTest server = target.start("max_pending: 65536\nmax_payload: 8192\nwrite_deadline: \"2s\"")) {
            CountDownLatch closed = new CountDownLatch(1);
            CountDownLatch slowError = new CountDownLatch(1);
            // A raw subscriber that never reads is the slow one; jnats publishes and listens.
            RawClient slow = RawClient.open(server, 4096);
            slow.send("CONNECT {\"verbose\":false}\r\nSUB flood 1\r\nPING\r\n");
            slow.expectLine("PONG");
            try (Connection nc = Clients.connect(Clients.options(server).errorListener(new ErrorListener() {
                    @Override
                    public void slowConsumerDetected(Connection conn, Consumer consumer) {
                        slowError.countDown();
                    }
                }))) {
                Subscription watcher = nc.subscribe("after");
                byte[] payload = new byte[8000];
                for (int i = 0; i < 1000; i++) {
                    nc.publish("flood", payload);
                    if (i % 5 == 4) {
                        // Paced so that only the subscriber that never reads falls behind.
                        nc.flush(WAIT);
                    }
                }
                nc.flush(WAIT);
                assertTrue(slow.readUntilClosed(Duration.ofSeconds(20)).length() < 1000 * 8000);
                closed.countDown();
                nc.publish("after", new byte[] {1});
                assertNotNull(watcher.nextMessage(WAIT), "the publisher's own traffic keeps flowing");
                assertEquals(Connection.Status.CONNECTED, nc.getStatus());
                // The client-side slow-consumer callback is about jnats' own queues, not this.
                assertEquals(1, slowError.getCount());
            } finally {
                slow.close();
            }
            assertEquals(0, closed.getCount());
        }
    }

    @AllTargets
    void emptyHeaderBlockFromAnotherClientDoesNotStopASubscriber(Target target) throws Exception {
        try (ServerUnderTest server = target.start("");
                Connection nc = Clients.connect(server);
                RawClient raw = RawClient.connect(server)) {
            Subscription sub = nc.subscribe("odd");
            nc.flush(WAIT);
            // An HPUB with a 0-byte header block: a plain message, which jnats takes as any other.
            raw.send("HPUB odd 0 5\r\nhello\r\n").sync();
            Message odd = sub.nextMessage(WAIT);
            assertNotNull(odd, "the subscriber got nothing");
            assertEquals("hello", new String(odd.getData(), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(odd.getHeaders() == null || odd.getHeaders().isEmpty());
            nc.publish("odd", new byte[] {7});
            Message next = sub.nextMessage(WAIT);
            assertNotNull(next, "the subscriber stopped receiving");
            assertEquals(7, next.getData()[0]);
        }
    }
}
