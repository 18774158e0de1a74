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
 * Before CONNECT the first PING waits a whole ping_interval; CONNECT brings it to at most 2s
 * (plus up to 20%).
 */
class StaleConnectionTest {

    private static final ServerCache SERVERS = new ServerCache("ping_interval: \"200ms\"\nping_max: 2");
    private static final ServerCache SLOW_PINGS = new ServerCache("ping_interval: \"4s\"");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
        SLOW_PINGS.close();
    }

    @AllTargets
    void noPingBeforeConnectUntilTheIntervalThenOneSoonAfterConnect(Target target) {
        try (RawClient c = RawClient.open(SLOW_PINGS.get(target))) {
            // A client slow to finish its TLS handshake must not get a PING in this time: the
            // first one comes a whole ping_interval (4s) after accept.
            assertTrue(c.silentFor(Duration.ofMillis(2500)), "the server sent something before CONNECT");
            long connected = System.nanoTime();
            c.send("CONNECT {\"verbose\":false}\r\n");
            assertEquals("PING", c.readRawLineOrNull());
            long ms = (System.nanoTime() - connected) / 1_000_000;
            // CONNECT restarts the timer (else the PING would come 1.5s after it) with
            // min(ping_interval, 2s) plus up to 20% (not the 4s interval).
            assertTrue(ms >= 1900 && ms < 3500, "first PING " + ms + "ms after CONNECT");
        }
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
            // Synced: a publisher on another connection must not overtake the SUB (the test
            // once waited for ever on a first message published before the SUB was read).
            c.send("SUB t 1\r\n").sync();
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
