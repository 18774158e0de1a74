package io.natsj.topology.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.natsj.spi.PluginException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster section: what is built, and the clear refusal of what is not. */
class ClusterOptionsTest {

    private static ClusterOptions read(String hocon) {
        return ClusterOptions.read(ConfigFactory.parseString(hocon));
    }

    private static String error(String hocon) {
        return assertThrows(PluginException.class, () -> read(hocon)).getMessage();
    }

    @Test
    void fullSection() {
        ClusterOptions o = read("""
                name: c1, listen: "127.0.0.1:6222", no_advertise: true, connect_retries: 3,
                cluster_advertise: "10.0.0.1:7222", pool_size: -1,
                authorization { user: ruser, password: rpass, timeout: 0.5 }
                routes: ["nats://ruser:rpass@127.0.0.1:6223", "nats-route://[::1]:6224/"]
                """);
        assertEquals("c1", o.name());
        assertEquals("127.0.0.1", o.host());
        assertEquals(6222, o.port());
        assertTrue(o.noAdvertise());
        assertEquals(3, o.connectRetries());
        assertEquals("10.0.0.1:7222", o.advertise());
        assertEquals("ruser", o.user());
        assertEquals(Duration.ofMillis(500), o.authTimeout());
        assertEquals(new RouteUrl("127.0.0.1", 6223, "ruser", "rpass"), o.routes().get(0));
        assertEquals(new RouteUrl("::1", 6224, null, null), o.routes().get(1));
        assertEquals("[::1]:6224", o.routes().get(1).hostPort());
    }

    @Test
    void defaultsAndPorts() {
        ClusterOptions o = read("port: -1");
        assertNull(o.name());
        assertEquals("0.0.0.0", o.host());
        assertEquals(0, o.port(), "-1 binds an ephemeral port");
        assertTrue(o.enabled());
        assertFalse(read("name: c1").enabled(), "no port: no clustering, as nats-server");
        assertEquals(ClusterOptions.DEFAULT_AUTH_TIMEOUT, o.authTimeout());
        assertEquals(Duration.ofSeconds(3), read("port: 1, authorization { user: u, password: p, timeout: \"3s\" }").authTimeout());
    }

    @Test
    void whatIsNotBuiltIsRefusedByName() {
        assertTrue(error("port: 1, permissions { import: foo }").startsWith("cluster.permissions:"));
        assertTrue(error("port: 1, accounts: [A]").startsWith("cluster.accounts: not supported by natsj yet"));
        assertEquals("cluster.bogus: unknown field \"bogus\"", error("port: 1, bogus: 1"));
        assertEquals("cluster.authorization: Cluster authorization does not allow multiple users",
                error("port: 1, authorization { users: [] }"));
        assertEquals("cluster.authorization: Cluster authorization does not support tokens",
                error("port: 1, authorization { token: t }"));
        assertTrue(error("port: 1, routes: [\"nats://nohost\"]").contains("needs a host and a port"));
    }

    @Test
    void poolSizesAreAccepted() {
        for (int size : new int[] {-1, 0, 1, 3, 8}) {
            assertEquals(size, read("port: 1, pool_size: " + size).poolSize());
        }
    }
}
