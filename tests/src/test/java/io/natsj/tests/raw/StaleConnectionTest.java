package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * Server keep-alive. With ping_interval 200ms and ping_max 2, nats-server sends PING at about 200ms
 * and 400ms and, with both unanswered, {@code -ERR 'Stale Connection'} and closes at about 600ms.
 */
class StaleConnectionTest {

    private static final ServerCache SERVERS = new ServerCache("ping_interval: \"200ms\"\nping_max: 2");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void silentClientGetsPingsThenStaleError(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            c.send("CONNECT {\"verbose\":false}\r\n");
            long start = System.nanoTime();
            // readLine would answer the PINGs, so read the raw bytes up to the close instead.
            String got = readRawUntilClosed(c);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("PING\r\nPING\r\n-ERR 'Stale Connection'\r\n", got);
            assertTrue(elapsedMs >= 400, "closed too early: " + elapsedMs + "ms");
        }
    }

    @AllTargets
    void silentClientWithoutConnectIsAlsoStale(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            assertEquals("PING\r\nPING\r\n-ERR 'Stale Connection'\r\n", readRawUntilClosed(c));
        }
    }

    @AllTargets
    void clientAnsweringPingsStaysConnected(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient c = RawClient.connect(server)) {
            // readLine answers every server PING; several stale periods pass meanwhile.
            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            c.send("SUB t 1\r\n");
            int i = 0;
            while (System.nanoTime() < end) {
                try (RawClient pub = RawClient.connect(server)) {
                    pub.send("PUB t 1\r\n" + (i % 10) + "\r\n").sync();
                }
                c.expectFrame("MSG t 1 1", Integer.toString(i % 10));
                i++;
            }
            assertTrue(c.isAlive());
        }
    }

    /** Reads everything, server PINGs included, until the server closes the connection. */
    private static String readRawUntilClosed(RawClient c) {
        StringBuilder got = new StringBuilder();
        while (true) {
            String line = c.readRawLineOrNull();
            if (line == null) {
                return got.toString();
            }
            got.append(line).append("\r\n");
        }
    }
}
