package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Go's spellings of times and durations, as nats-server prints them. */
class GoFormatTest {

    @Test
    void durationsAsGoPrintsThem() {
        assertEquals("0s", GoFormat.duration(0));
        assertEquals("999ns", GoFormat.duration(999));
        assertEquals("1.5µs", GoFormat.duration(1_500));
        assertEquals("240µs", GoFormat.duration(240_000));
        assertEquals("2.590694ms", GoFormat.duration(2_590_694));
        assertEquals("1s", GoFormat.duration(1_000_000_000L));
        assertEquals("1m1.5s", GoFormat.duration(61_500_000_000L));
        assertEquals("1h0m0s", GoFormat.duration(3_600_000_000_000L));
        assertEquals("-2ms", GoFormat.duration(-2_000_000));
    }

    @Test
    void uptimesInWholeSeconds() {
        assertEquals("0s", GoFormat.uptime(Duration.ofMillis(999)));
        assertEquals("59s", GoFormat.uptime(Duration.ofSeconds(59)));
        assertEquals("2m0s", GoFormat.uptime(Duration.ofMinutes(2)));
        assertEquals("1h2m3s", GoFormat.uptime(Duration.ofSeconds(3723)));
        assertEquals("1d1h0m0s", GoFormat.uptime(Duration.ofHours(25)));
        assertEquals("1y0d0h0m5s", GoFormat.uptime(Duration.ofDays(365).plusSeconds(5)));
    }

    @Test
    void timesAsRfc3339Nano() {
        Instant t = Instant.parse("2026-11-22T02:50:08.981881545Z");
        assertEquals("2026-11-22T02:50:08.981881545Z", GoFormat.time(t, ZoneOffset.UTC));
        assertEquals("2026-11-22T02:50:08.12Z", GoFormat.time(Instant.parse("2026-11-22T02:50:08.120Z"), ZoneOffset.UTC));
        assertEquals("2026-11-22T02:50:08Z", GoFormat.time(Instant.parse("2026-11-22T02:50:08Z"), ZoneOffset.UTC));
        assertEquals("2026-11-22T03:50:08.981881545+01:00", GoFormat.time(t, ZoneId.of("Europe/Paris")));
        assertEquals("2026-11-21T21:20:08.981881545-05:30", GoFormat.time(t, ZoneOffset.ofHoursMinutes(-5, -30)));
    }

    @Test
    void sentLinesAsNatsServerTracesThem() {
        assertEquals("OK", GoFormat.sentLineTrace("+OK\r\n"));
        assertEquals("-ERR Unknown Protocol Operation", GoFormat.sentLineTrace("-ERR 'Unknown Protocol Operation'\r\n"));
        assertEquals("RS+ $G foo", GoFormat.sentLineTrace("RS+ $G foo\r\n"));
        assertEquals("PONG", GoFormat.sentLineTrace("PONG"));
    }
}
