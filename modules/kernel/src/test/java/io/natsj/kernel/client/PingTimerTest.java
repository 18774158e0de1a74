package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.client.ClientHarness.TestClient;
import io.natsj.kernel.client.ClientHarness.TestServices;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's keep-alive, on the embedded event loop's virtual clock (no real waiting): a whole
 * ping_interval before CONNECT, 2s plus up to 20% after it, then every ping_interval.
 */
class PingTimerTest {

    private TestServices services;
    private TestClient client;

    @BeforeEach
    void connect() {
        services = new TestServices(); // ping_interval 2 min, ping_max 2
        client = new TestClient(services);
        client.channel.freezeTime();
        client.read();
        client.exchange("CONNECT {\"verbose\":false}\r\n");
    }

    private String advance(long amount, TimeUnit unit) {
        client.channel.advanceTimeBy(amount, unit);
        client.channel.runPendingTasks();
        return client.read();
    }

    @Test
    void firstPingTwoSecondsAfterConnectPlusUpToAFifth() {
        assertEquals("", advance(1999, TimeUnit.MILLISECONDS));
        assertEquals("PING\r\n", advance(401, TimeUnit.MILLISECONDS));
        assertEquals("", advance(119, TimeUnit.SECONDS));
        assertEquals("PING\r\n", advance(1, TimeUnit.SECONDS));
    }

    @Test
    void noPingBeforeConnectUntilAWholeInterval() {
        TestClient silent = new TestClient(services);
        silent.channel.freezeTime();
        silent.read();
        silent.channel.advanceTimeBy(119, TimeUnit.SECONDS);
        silent.channel.runPendingTasks();
        assertEquals("", silent.read());
        silent.channel.advanceTimeBy(1, TimeUnit.SECONDS);
        silent.channel.runPendingTasks();
        assertEquals("PING\r\n", silent.read());
        silent.close();
    }

    @Test
    void staleAfterPingMaxUnansweredPings() {
        assertEquals("PING\r\n", advance(2400, TimeUnit.MILLISECONDS));
        assertEquals("PING\r\n", advance(2, TimeUnit.MINUTES));
        assertTrue(client.isOpen());
        assertEquals("-ERR 'Stale Connection'\r\n", advance(2, TimeUnit.MINUTES));
        assertFalse(client.isOpen());
        assertTrue(services.registered.isEmpty());
    }

    @Test
    void pongKeepsTheConnectionAlive() {
        for (int i = 0; i < 5; i++) {
            assertEquals("PING\r\n", advance(i == 0 ? 2400 : 120_000, TimeUnit.MILLISECONDS));
            client.send("PONG\r\n");
        }
        assertTrue(client.isOpen());
        assertTrue(client.connection().stats().rttNanos() >= 0);
    }

    @Test
    void timerStopsWhenClosed() {
        client.close();
        assertEquals("", advance(10, TimeUnit.MINUTES));
        assertFalse(client.channel.hasPendingTasks());
    }
}
