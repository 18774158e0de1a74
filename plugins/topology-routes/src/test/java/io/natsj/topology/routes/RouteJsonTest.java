package io.natsj.topology.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Route INFO and CONNECT JSON as nats-server 2.9.10 writes and reads it. */
class RouteJsonTest {

    @Test
    void readsAnInfoCapturedFromNatsServer() throws Exception {
        String wire = "{\"server_id\":\"NC57\",\"server_name\":\"B\",\"version\":\"2.9.10\",\"proto\":2,\"go\":\"go1.19.8\","
                + "\"host\":\"127.0.0.1\",\"port\":59631,\"headers\":true,\"auth_required\":true,\"max_payload\":1048576,"
                + "\"nonce\":\"zFUdCpKZajCWym0\",\"cluster\":\"c1\",\"connect_urls\":[\"192.0.2.2:56011\",\"[fd00::2]:56011\"],"
                + "\"import\":{\"allow\":[\"foo.\\u003e\"]},\"lnoc\":true,\"route_pool_size\":3,\"xkey\":\"X\"}";
        RouteInfo info = GoJson.read(Unpooled.copiedBuffer(wire, StandardCharsets.UTF_8), RouteInfo.class);
        assertEquals("NC57", info.serverId);
        assertEquals(59631, info.port);
        assertTrue(info.authRequired && info.lnoc && info.headers);
        assertEquals(List.of("192.0.2.2:56011", "[fd00::2]:56011"), info.connectUrls);
        assertEquals("foo.>", info.importPermissions.get("allow").get(0).asText());
        assertEquals(3, info.routePoolSize);
    }

    @Test
    void infoKeepsGoOrderAndEscapesAndPoolFieldsOnlyWhenSet() {
        RouteInfo info = new RouteInfo();
        info.serverId = "N1";
        info.serverName = "A";
        info.version = "2.9.10";
        info.proto = 2;
        info.go = "go1.19.8";
        info.host = "127.0.0.1";
        info.port = 6222;
        info.headers = true;
        info.maxPayload = 1048576;
        info.ip = "nats-route://127.0.0.1:6222/";
        info.cluster = "c<1>&";
        info.lnoc = true;
        info.routeAccount = "$SYS";
        String base = "{\"server_id\":\"N1\",\"server_name\":\"A\",\"version\":\"2.9.10\",\"proto\":2,\"go\":\"go1.19.8\","
                + "\"host\":\"127.0.0.1\",\"port\":6222,\"headers\":true,\"max_payload\":1048576,"
                + "\"ip\":\"nats-route://127.0.0.1:6222/\",\"cluster\":\"c\\u003c1\\u003e\\u0026\",\"lnoc\":true";
        assertEquals(base + "}", GoJson.write(info), "no pool: no pool keys, and route_account is never written");
        info.routePoolSize = 3;
        assertEquals(base + ",\"route_pool_size\":3}", GoJson.write(info), "index 0 is omitted (omitempty)");
        info.routePoolIdx = 2;
        assertEquals(base + ",\"route_pool_size\":3,\"route_pool_idx\":2}", GoJson.write(info));
    }

    @Test
    void connectAsTheSolicitorSendsIt() {
        RouteConnect c = new RouteConnect();
        c.user = "ruser";
        c.pass = "rpass";
        c.headers = true;
        c.name = "NC57";
        c.cluster = "c1";
        assertEquals("{\"echo\":true,\"verbose\":false,\"pedantic\":false,\"user\":\"ruser\",\"pass\":\"rpass\","
                + "\"tls_required\":false,\"headers\":true,\"name\":\"NC57\",\"cluster\":\"c1\"}", GoJson.write(c));
        c.user = null;
        c.pass = null;
        assertEquals("{\"echo\":true,\"verbose\":false,\"pedantic\":false,\"tls_required\":false,\"headers\":true,"
                + "\"name\":\"NC57\",\"cluster\":\"c1\"}", GoJson.write(c));
    }

    @Test
    void goDurations() {
        assertEquals("0s", GoDurations.format(java.time.Duration.ZERO));
        assertEquals("802µs", GoDurations.format(java.time.Duration.ofNanos(802_000)));
        assertEquals("1.938421ms", GoDurations.format(java.time.Duration.ofNanos(1_938_421)));
        assertEquals("2m3.5s", GoDurations.format(java.time.Duration.ofMillis(123_500)));
        assertEquals("1m2s", GoDurations.uptime(java.time.Duration.ofSeconds(62)));
        assertEquals("1d0h0m5s", GoDurations.uptime(java.time.Duration.ofSeconds(86_405)));
        assertEquals("2026-11-22T05:48:59.4877Z", RoutezReport.rfc3339(java.time.Instant.parse("2026-11-22T05:48:59.487700Z")));
    }
}
