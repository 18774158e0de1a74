package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber that never reads, fed faster than max_pending allows, is cut off. On nats-server
 * 2.9.10 it receives whatever fitted in the socket buffers, then the connection closes with no
 * -ERR. The publisher and a reading subscriber stay connected and every message reaches the
 * reading one.
 */
class SlowConsumerTest {

    private static final String CONFIG = "max_pending: 65536\nmax_payload: 8192\nwrite_deadline: \"2s\"";
    private static final int MESSAGES = 1000;
    private static final int SIZE = 8000;
    private static final int BATCH = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @AllTargets
    void slowSubscriberIsClosedOthersAreUnaffected(Target target) throws Exception {
        try (ServerUnderTest server = target.start(CONFIG);
                RawClient slow = RawClient.open(server, 4096);
                RawClient good = RawClient.connect(server);
                RawClient pub = RawClient.connect(server)) {
            slow.send("CONNECT {\"verbose\":false}\r\nSUB flood 1\r\nPING\r\n");
            slow.expectLine("PONG");
            good.send("SUB flood 1\r\nSUB marker 2\r\n").sync();

            // The reading subscriber runs on its own thread so it never becomes slow itself.
            good.timeout(PATIENCE);
            Semaphore delivered = new Semaphore(0);
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> countUntilMarker(good, delivered));

            // Paced by what the reading subscriber got, so only the one that never reads can fall
            // behind by more than max_pending (an unpaced burst makes any reader slow).
            String message = "PUB flood " + SIZE + "\r\n" + "x".repeat(SIZE) + "\r\n";
            pub.timeout(PATIENCE);
            for (int i = 0; i < MESSAGES; i += BATCH) {
                pub.send(message.repeat(BATCH));
                assertTrue(delivered.tryAcquire(BATCH, PATIENCE.toSeconds(), TimeUnit.SECONDS), "reader stalled at " + i);
            }
            pub.send("PUB marker 1\r\nm\r\n").sync();

            assertEquals(MESSAGES, received.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));

            String seen = slow.readUntilClosed(PATIENCE);
            assertFalse(seen.contains("-ERR"), "no -ERR is sent to a slow consumer: " + tail(seen));
            assertTrue(seen.isEmpty() || seen.startsWith("MSG flood 1 " + SIZE + "\r\n"), tail(seen));
            assertTrue(seen.length() < MESSAGES * SIZE, "the slow consumer was cut off before getting everything");

            // Publisher and reader remain usable after the slow one was dropped.
            pub.timeout(RawClient.TIMEOUT).sync();
            good.timeout(RawClient.TIMEOUT);
            pub.send("PUB marker 1\r\nn\r\n").sync();
            good.expectFrame("MSG marker 2 1", "n");
        }
    }

    private static int countUntilMarker(RawClient c, Semaphore delivered) {
        int count = 0;
        while (true) {
            String line = c.readLine();
            if (line.equals("MSG marker 2 1")) {
                c.readBytes(3);
                return count;
            }
            assertEquals("MSG flood 1 " + SIZE, line);
            c.readBytes(SIZE + 2);
            count++;
            delivered.release();
        }
    }

    private static String tail(String s) {
        return s.length() <= 200 ? s : "..." + s.substring(s.length() - 200);
    }
}
