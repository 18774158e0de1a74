package io.natsj.tests.client;

import static io.natsj.tests.client.Clients.WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;

/** Publish/subscribe through jnats: delivery, wildcards, queue groups, headers, limits. */
class JnatsMessagingTest {

    private static final ServerCache SERVERS = new ServerCache("max_payload: 4096");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void publishSubscribe(Target target) throws Exception {
        try (Connection nc = Clients.connect(SERVERS.get(target))) {
            Subscription sub = nc.subscribe("greet");
            nc.publish("greet", "hello".getBytes(UTF_8));
            Message m = sub.nextMessage(WAIT);
            assertNotNull(m);
            assertEquals("greet", m.getSubject());
            assertEquals("hello", new String(m.getData(), UTF_8));
        }
    }

    @AllTargets
    void wildcards(Target target) throws Exception {
        try (Connection nc = Clients.connect(SERVERS.get(target))) {
            Subscription star = nc.subscribe("w.*");
            Subscription tail = nc.subscribe("w.>");
            nc.publish("w.a", null);
            nc.publish("w.a.b", null);
            assertEquals("w.a", star.nextMessage(WAIT).getSubject());
            assertEquals("w.a", tail.nextMessage(WAIT).getSubject());
            assertEquals("w.a.b", tail.nextMessage(WAIT).getSubject());
            nc.flush(WAIT);
            assertNull(star.nextMessage(Duration.ofMillis(50)));
        }
    }

    @AllTargets
    void queueGroupSharesMessages(Target target) throws Exception {
        ServerUnderTest server = SERVERS.get(target);
        int n = 100;
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(n);
        try (Connection c1 = Clients.connect(server); Connection c2 = Clients.connect(server);
                Connection pub = Clients.connect(server)) {
            c1.createDispatcher(m -> { a.incrementAndGet(); all.countDown(); }).subscribe("jobs", "q");
            c2.createDispatcher(m -> { b.incrementAndGet(); all.countDown(); }).subscribe("jobs", "q");
            c1.flush(WAIT);
            c2.flush(WAIT);
            for (int i = 0; i < n; i++) {
                pub.publish("jobs", null);
            }
            pub.flush(WAIT);
            assertTrue(all.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            c1.flush(WAIT);
            c2.flush(WAIT);
            assertEquals(n, a.get() + b.get(), "each message exactly once");
        }
    }

    @AllTargets
    void headersRoundTrip(Target target) throws Exception {
        try (Connection nc = Clients.connect(SERVERS.get(target))) {
            Subscription sub = nc.subscribe("h");
            Headers headers = new Headers().add("X-Trace", "abc").add("X-Multi", "1", "2");
            nc.publish("h", headers, "body".getBytes(UTF_8));
            Message m = sub.nextMessage(WAIT);
            assertTrue(m.hasHeaders());
            assertEquals("abc", m.getHeaders().getFirst("X-Trace"));
            assertEquals(java.util.List.of("1", "2"), m.getHeaders().get("X-Multi"));
            assertEquals("body", new String(m.getData(), UTF_8));
        }
    }

    @AllTargets
    void unsubscribeAfterN(Target target) throws Exception {
        try (Connection nc = Clients.connect(SERVERS.get(target))) {
            Subscription sub = nc.subscribe("n");
            sub.unsubscribe(2);
            for (int i = 0; i < 5; i++) {
                nc.publish("n", new byte[] {(byte) i});
            }
            nc.flush(WAIT);
            assertEquals(0, sub.nextMessage(WAIT).getData()[0]);
            assertEquals(1, sub.nextMessage(WAIT).getData()[0]);
            assertFalse(sub.isActive());
        }
    }

    @AllTargets
    void drainDeliversPendingThenCloses(Target target) throws Exception {
        ServerUnderTest server = SERVERS.get(target);
        int n = 50;
        AtomicInteger got = new AtomicInteger();
        try (Connection pub = Clients.connect(server)) {
            Connection nc = Clients.connect(server);
            Dispatcher d = nc.createDispatcher(m -> got.incrementAndGet());
            d.subscribe("drain");
            nc.flush(WAIT);
            for (int i = 0; i < n; i++) {
                pub.publish("drain", null);
            }
            pub.flush(WAIT);
            CompletableFuture<Boolean> drained = nc.drain(WAIT);
            assertTrue(drained.get(WAIT.toSeconds() + 1, TimeUnit.SECONDS));
            assertEquals(n, got.get());
            assertEquals(Connection.Status.CLOSED, nc.getStatus());
        }
    }

    @AllTargets
    void clientRejectsPayloadAboveAdvertisedMax(Target target) throws Exception {
        try (Connection nc = Clients.connect(SERVERS.get(target))) {
            assertEquals(4096, nc.getMaxPayload());
            Subscription sub = nc.subscribe("big");
            nc.publish("big", new byte[4096]);
            assertEquals(4096, sub.nextMessage(WAIT).getData().length);
            assertThrows(IllegalArgumentException.class, () -> nc.publish("big", new byte[4097]));
        }
    }
}
