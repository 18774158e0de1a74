package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Typed readers over values in both styles. */
class ConfigValuesTest {

    private final Config nats = ConfigLoader.parseString("""
            n: 1MB
            s1: "64K"
            s2: "1kb"
            s3: "1k"
            s4: "2 MiB"
            d1: "2m"
            d2: "1.5s"
            d3: "1h30m"
            d4: "500ms"
            d5: "10us"
            d6: 120
            d7: "10 seconds"
            bad: "soon"
            b1: yes
            b2: "off"
            listen1: 4222
            listen2: 127.0.0.1:-1
            listen3: "[::1]:4222"
            listen4: "nope"
            big: 3000000000
            """);

    @Test
    void sizes() {
        assertEquals(1L << 20, ConfigValues.sizeInBytes(nats, "n"));
        assertEquals(64L << 10, ConfigValues.sizeInBytes(nats, "s1"));
        assertEquals(1024, ConfigValues.sizeInBytes(nats, "s2"));
        assertEquals(1000, ConfigValues.sizeInBytes(nats, "s3"));
        assertEquals(2L << 20, ConfigValues.sizeInBytes(nats, "s4"));
        assertEquals(512L << 20, ConfigValues.sizeInBytes(ConfigFactory.parseString("m = 512M"), "m"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigValues.sizeInBytes(nats, "bad"));
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMinutes(2), ConfigValues.duration(nats, "d1"));
        assertEquals(Duration.ofMillis(1500), ConfigValues.duration(nats, "d2"));
        assertEquals(Duration.ofMinutes(90), ConfigValues.duration(nats, "d3"));
        assertEquals(Duration.ofMillis(500), ConfigValues.duration(nats, "d4"));
        assertEquals(Duration.ofNanos(10_000), ConfigValues.duration(nats, "d5"));
        assertEquals(Duration.ofSeconds(120), ConfigValues.duration(nats, "d6"));
        assertEquals(Duration.ofSeconds(10), ConfigValues.duration(nats, "d7"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigValues.duration(nats, "bad"));
        assertTrue(e.getMessage().contains("error parsing bad: time: invalid duration \"soon\""), e.getMessage());
        assertThrows(ConfigException.Missing.class, () -> ConfigValues.duration(nats, "absent"));
    }

    @Test
    void goDurationEdgeCases() {
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(-90), GoDuration.parse("-1m30s"));
        assertEquals(Duration.ofNanos(1), GoDuration.parse("1ns"));
        assertEquals(Duration.ofMillis(300), GoDuration.parse(".3s"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5")).getMessage().contains("missing unit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5d")).getMessage().contains("unknown unit"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    }

    @Test
    void booleansStringsNumbers() {
        assertTrue(ConfigValues.bool(nats, "b1"));
        assertFalse(ConfigValues.bool(nats, "b2"));
        assertThrows(ConfigException.BadValue.class, () -> ConfigValues.bool(nats, "bad"));
        assertEquals("soon", ConfigValues.string(nats, "bad"));
        assertEquals(4222, ConfigValues.integer(nats, "listen1"));
        assertEquals(3_000_000_000L, ConfigValues.longValue(nats, "big"));
        ConfigException e = assertThrows(ConfigException.BadValue.class, () -> ConfigValues.integer(nats, "big"));
        assertTrue(e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void listenValues() {
        assertEquals(new HostPort("", 4222), ConfigValues.hostPort(nats, "listen1"));
        assertEquals(new HostPort("127.0.0.1", -1), ConfigValues.hostPort(nats, "listen2"));
        assertEquals(new HostPort("::1", 4222), ConfigValues.hostPort(nats, "listen3"));
        assertEquals("[::1]:4222", ConfigValues.hostPort(nats, "listen3").toString());
        ConfigException e = assertThrows(ConfigException.BadValue.class, () -> ConfigValues.hostPort(nats, "listen4"));
        assertTrue(e.getMessage().contains("could not parse address string \"nope\""), e.getMessage());
    }
}
