package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.client.ClientHarness.TestClient;
import io.natsj.kernel.client.ClientHarness.TestServices;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * max_pending and write_deadline, with a subscriber whose socket is stalled (its writes stay
 * in Netty's outbound buffer) and a publisher on another EmbeddedChannel.
 */
class SlowConsumerTest {

    private static final String QUIET = "CONNECT {\"verbose\":false}\r\n";
    private static final String BODY = "x".repeat(100);
    private static final int FRAME = ("MSG foo 1 100\r\n" + BODY + "\r\n").length(); // 117

    private TestServices services;
    private TestClient sub;
    private TestClient pub;

    @BeforeEach
    void connect() {
        services = new TestServices(new ClientLimits(1 << 20, 4096, 1000, 0,
                Duration.ofMinutes(2), 2, Duration.ofSeconds(10)));
        sub = new TestClient(services);
        pub = new TestClient(services);
        sub.read();
        pub.read();
        sub.exchange(QUIET + "SUB foo 1\r\n");
        pub.exchange(QUIET);
    }

    private static String publishes(int n) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < n; i++) {
            in.append("PUB foo 100\r\n").append(BODY).append("\r\n");
        }
        return in.toString();
    }

    @Test
    void subscriberThatKeepsUpIsNeverSlowEvenPastMaxPendingInOneBatch() {
        pub.exchange(publishes(20)); // 20 * 117 bytes in one read batch, max_pending 1000
        assertTrue(sub.isOpen());
        assertEquals(20 * FRAME, sub.read().length());
        assertTrue(services.slowConsumers.isEmpty());
        assertEquals(0, sub.connection().stats().pendingBytes());
    }

    @Test
    void stalledSubscriberBelowMaxPendingStaysOpen() {
        sub.stall();
        pub.exchange(publishes(5));
        assertTrue(sub.isOpen());
        long pending = sub.connection().stats().pendingBytes();
        assertTrue(pending >= 5 * FRAME && pending <= 5 * FRAME + 96, "pending " + pending);
        sub.unstall();
        assertEquals(5 * FRAME, sub.read().length());
        assertEquals(0, sub.connection().stats().pendingBytes());
    }

    @Test
    void stalledSubscriberPastMaxPendingIsClosed() {
        sub.stall();
        pub.exchange(publishes(20));
        assertFalse(sub.isOpen());
        assertEquals(1, services.slowConsumers.size());
        assertTrue(pub.isOpen());
        assertEquals(0, services.account.index().count(), "its subscription is gone");
        assertEquals("PONG\r\n", pub.exchange("PUB foo 100\r\n" + BODY + "\r\nPING\r\n"));
    }

    @Test
    void stalledSubscriberFilledOverSeveralBatchesIsClosed() {
        sub.stall();
        for (int i = 0; i < 20 && sub.isOpen(); i++) {
            pub.exchange(publishes(1));
        }
        assertFalse(sub.isOpen());
        assertEquals(1, services.slowConsumers.size());
    }

    @Test
    void slowSubscriberInAQueueGroupLeavesTheMessagesToTheOther() {
        TestClient other = new TestClient(services);
        other.read();
        sub.exchange("UNSUB 1\r\nSUB foo q 1\r\n");
        other.exchange(QUIET + "SUB foo q 2\r\n");
        sub.stall();
        // The member is picked at random: publish until the stalled one has had more than
        // max_pending (9 frames), not a fixed 30 of which it gets fewer than 9 about 1 run in 100.
        int published = 0;
        while (published < 300 && sub.isOpen()) {
            pub.exchange(publishes(1));
            published++;
        }
        assertFalse(sub.isOpen());
        int received = other.read().length() / FRAME;
        assertTrue(received >= published - 1000 * 2 / FRAME, "other got " + received + " of " + published);
    }

    @Test
    void pendingBytesAreExactlyTheFrameBytes() {
        sub.stall();
        pub.exchange(publishes(1));
        pub.exchange(publishes(1));
        assertEquals(2 * FRAME, sub.connection().stats().pendingBytes());
    }

    @Test
    void writeStalledPastWriteDeadlineIsClosed() {
        sub.channel.freezeTime();
        sub.stall();
        pub.exchange(publishes(1));
        assertTrue(sub.isOpen());
        sub.channel.advanceTimeBy(9, TimeUnit.SECONDS);
        sub.channel.runPendingTasks();
        assertTrue(sub.isOpen());
        sub.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        sub.channel.runPendingTasks();
        assertFalse(sub.isOpen());
        assertEquals(1, services.slowConsumers.size());
    }
}
