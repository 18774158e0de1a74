package io.natsj.kernel.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.NatsServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The monitoring endpoints of a real in-process server with three raw clients: one
 * subscriber (plain, queue and auto-unsubscribing subscriptions), one publisher, one idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorEndpointsTest {

    /**
     * The system account's request services: PING, then PING.X and &lt;id&gt;.X for five
     * endpoints; {@code $SYS.LATENCY.M2.<hash>} for service latency across servers, as
     * nats-server subscribes it; and the four of the cluster's account connection counts
     * (peers' reports, their answers, requests for this server's, peers' shutdowns).
     */
    private static final int SYSTEM_SUBSCRIPTIONS = 16;


    private static final String RFC3339 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)";

    private NatsServer server;
    private MonitorHttp http;
    private RawNatsClient subscriber;
    private RawNatsClient publisher;
    private RawNatsClient idle;

    @BeforeAll
    void start() throws Exception {
        server = NatsServer.start(ConfigFactory.parseString("port: -1\nhttp_port: -1\nhost: 127.0.0.1"));
        http = new MonitorHttp(server.monitorPort());
        subscriber = new RawNatsClient(server.port(), "sub")
                .sub("foo", null, "1").sub("bar", "workers", "2").sub("baz.*", null, "3").unsub("3", 5).sync();
        publisher = new RawNatsClient(server.port(), "pub")
                .pub("foo", "hello").pub("foo", "world").pub("bar", "abc").pub("nobody", "x").sync();
        idle = new RawNatsClient(server.port(), null);
        subscriber.sync();
    }

    @AfterAll
    void stop() throws Exception {
        subscriber.close();
        publisher.close();
        idle.close();
        server.close();
    }

    @Test
    void varzReportsIdentityLimitsAndTotals() throws Exception {
        JsonNode v = http.json("/varz");
        assertEquals(server.serverId(), v.get("server_id").asText());
        assertEquals("2.9.10", v.get("version").asText());
        assertFalse(v.get("natsj_version").asText().isEmpty());
        assertEquals(server.port(), v.get("port").asInt());
        assertEquals(server.monitorPort(), v.get("http_port").asInt());
        assertEquals(120_000_000_000L, v.get("ping_interval").asLong());
        assertEquals(1_048_576, v.get("max_payload").asInt());
        assertEquals(3, v.get("connections").asInt());
        assertEquals(3, v.get("total_connections").asLong());
        assertEquals(4, v.get("in_msgs").asLong());
        assertEquals(14, v.get("in_bytes").asLong());
        assertEquals(3, v.get("out_msgs").asLong());
        assertEquals(13, v.get("out_bytes").asLong());
        assertEquals(3 + SYSTEM_SUBSCRIPTIONS, v.get("subscriptions").asInt());
        assertTrue(v.get("mem").asLong() > 0);
        assertTrue(v.get("start").asText().matches(RFC3339), v.get("start").asText());
        assertTrue(v.get("uptime").asText().matches("(\\d+[ydhm])*\\d+s"));
        assertTrue(v.get("cluster").isObject() && v.get("cluster").isEmpty());
        assertTrue(v.get("http_req_stats").get("/varz").asLong() >= 1);
        assertEquals("$SYS", v.get("system_account").asText());
    }

    @Test
    void varzKeepsTotalsOfClosedConnections() throws Exception {
        // A server of its own, so that the other tests' exact counts stay exact.
        try (NatsServer own = NatsServer.start(ConfigFactory.parseString("port: -1\nhttp_port: -1\nhost: 127.0.0.1"))) {
            MonitorHttp ownHttp = new MonitorHttp(own.monitorPort());
            try (RawNatsClient shortLived = new RawNatsClient(own.port(), "short")) {
                shortLived.sub("echo", null, "1").pub("echo", "12345").sync();
            }
            JsonNode v = ownHttp.await("/varz", n -> n.get("connections").asInt() == 0);
            assertEquals(1, v.get("total_connections").asLong());
            assertEquals(1, v.get("in_msgs").asLong());
            assertEquals(5, v.get("in_bytes").asLong());
            assertEquals(1, v.get("out_msgs").asLong());
            assertEquals(5, v.get("out_bytes").asLong());
            assertEquals(SYSTEM_SUBSCRIPTIONS, v.get("subscriptions").asInt());
        }
    }

    @Test
    void connzListsConnectionsByCidWithPaging() throws Exception {
        JsonNode c = http.json("/connz");
        assertEquals(3, c.get("num_connections").asInt());
        assertEquals(3, c.get("total").asInt());
        assertEquals(1024, c.get("limit").asInt());
        List<Long> cids = cids(c);
        assertEquals(cids.stream().sorted().toList(), cids);
        JsonNode sub = c.get("connections").get(0);
        assertEquals("Client", sub.get("kind").asText());
        assertEquals("nats", sub.get("type").asText());
        assertEquals("127.0.0.1", sub.get("ip").asText());
        assertEquals("sub", sub.get("name").asText());
        assertEquals(3, sub.get("subscriptions").asInt());
        assertEquals(3, sub.get("out_msgs").asLong());
        assertFalse(sub.has("subscriptions_list"));
        assertFalse(c.get("connections").get(2).has("name"), "no name sent, none shown");

        JsonNode page = http.json("/connz?offset=1&limit=1");
        assertEquals(1, page.get("num_connections").asInt());
        assertEquals(3, page.get("total").asInt());
        assertEquals(List.of(cids.get(1)), cids(page));
        assertEquals(0, http.json("/connz?offset=10").get("num_connections").asInt());
    }

    @Test
    void connzSortsLargestFirst() throws Exception {
        assertEquals("pub", http.json("/connz?sort=msgs_from").get("connections").get(0).get("name").asText());
        assertEquals("pub", http.json("/connz?sort=bytes_from").get("connections").get(0).get("name").asText());
        assertEquals("sub", http.json("/connz?sort=msgs_to").get("connections").get(0).get("name").asText());
        assertEquals("sub", http.json("/connz?sort=subs").get("connections").get(0).get("name").asText());
        for (String sort : List.of("cid", "start", "pending", "bytes_to", "last", "idle", "uptime")) {
            assertEquals(3, http.json("/connz?sort=" + sort).get("num_connections").asInt(), sort);
        }
    }

    @Test
    void connzShowsSubscriptions() throws Exception {
        JsonNode subs = http.json("/connz?sort=subs&subs=1").get("connections").get(0).get("subscriptions_list");
        List<String> subjects = new ArrayList<>();
        subs.forEach(s -> subjects.add(s.asText()));
        assertEquals(List.of("bar", "baz.*", "foo"), subjects.stream().sorted().toList());

        JsonNode detail = http.json("/connz?sort=subs&subs=detail").get("connections").get(0)
                .get("subscriptions_list_detail");
        assertEquals(3, detail.size());
        for (JsonNode d : detail) {
            switch (d.get("subject").asText()) {
                case "foo" -> {
                    assertEquals("1", d.get("sid").asText());
                    assertEquals(2, d.get("msgs").asLong());
                    assertFalse(d.has("qgroup") || d.has("max") || d.has("account"));
                }
                case "bar" -> assertEquals("workers", d.get("qgroup").asText());
                case "baz.*" -> assertEquals(5, d.get("max").asLong());
                default -> throw new AssertionError(d.toString());
            }
        }
    }

    @Test
    void connzFiltersByCidAndState() throws Exception {
        long cid = cids(http.json("/connz")).get(1);
        JsonNode one = http.json("/connz?cid=" + cid);
        assertEquals(List.of(cid), cids(one));
        assertEquals(1, one.get("limit").asInt());
        JsonNode closed = http.json("/connz?state=closed");
        assertEquals(0, closed.get("total").asInt());
        assertTrue(closed.get("connections").isArray() && closed.get("connections").isEmpty());
        assertEquals(3, http.json("/connz?state=all").get("num_connections").asInt());
    }

    @Test
    void connzRefusesBadParametersWithNatsServerText() throws Exception {
        assertBadRequest("/connz?sort=foo", "invalid sorting option: foo");
        assertBadRequest("/connz?sort=stop", "sort by stop only valid on closed connections");
        assertBadRequest("/connz?state=foo", "Error decoding state for foo");
        assertBadRequest("/connz?limit=abc",
                "Error decoding int for 'limit': strconv.Atoi: parsing \"abc\": invalid syntax");
        assertBadRequest("/connz?subs=maybe",
                "Error decoding boolean for 'subs': strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertBadRequest("/connz?cid=-1",
                "Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"-1\": invalid syntax");
    }

    @Test
    void subszCountsAndLists() throws Exception {
        JsonNode stats = http.json("/subsz");
        assertEquals(3, stats.get("num_subscriptions").asInt());
        assertFalse(stats.has("server_id") || stats.has("subscriptions_list"));

        // The publisher looked up foo twice (a miss, then a hit), bar and nobody once each.
        assertTrue(stats.get("num_inserts").asLong() >= 3, stats.toString());
        assertTrue(stats.get("num_matches").asLong() >= 4, stats.toString());
        assertTrue(stats.get("cache_hit_rate").asDouble() > 0, stats.toString());
        assertTrue(stats.get("num_cache").asInt() >= 2, stats.toString());
        assertTrue(stats.get("max_fanout").asInt() >= 1, stats.toString());

        JsonNode list = http.json("/subsz?subs=1");
        assertEquals(3, list.get("total").asInt());
        assertEquals(3, list.get("subscriptions_list").size());
        assertEquals("$G", list.get("subscriptions_list").get(0).get("account").asText());

        JsonNode tested = http.json("/subscriptionsz?subs=1&test=baz.x");
        assertEquals(1, tested.get("subscriptions_list").size());
        assertEquals("baz.*", tested.get("subscriptions_list").get(0).get("subject").asText());

        JsonNode paged = http.json("/subsz?subs=1&offset=2&limit=5");
        assertEquals(1, paged.get("subscriptions_list").size());
        assertBadRequest("/subsz?test=foo.*", "invalid test subject, must be valid publish subject: foo.*");
    }

    @Test
    void healthzRootJsonpAndNotFound() throws Exception {
        assertEquals("{\"status\":\"ok\"}", http.get("/healthz").body());
        assertEquals("{\"status\":\"ok\"}", http.get("/healthz?js-enabled-only=true").body());
        MonitorHttp.Reply jsonp = http.get("/healthz?callback=cb");
        assertEquals("cb({\"status\":\"ok\"})", jsonp.body());
        assertEquals("application/javascript", jsonp.contentType());

        MonitorHttp.Reply root = http.get("/");
        assertEquals(200, root.status());
        assertTrue(root.body().contains("href=./connz"));

        MonitorHttp.Reply missing = http.get("/nope");
        assertEquals(404, missing.status());
        assertEquals("404 page not found\n", missing.body());
        assertEquals(404, http.get("/varz/").status());
    }

    @Test
    void jsonIsIndentedAsGoPrintsIt() throws Exception {
        MonitorHttp.Reply r = http.get("/varz");
        assertEquals("application/json", r.contentType());
        assertTrue(r.body().startsWith("{\n  \"server_id\": \""), r.body());
        assertTrue(r.body().contains("\"cluster\": {},\n"), r.body());
        assertTrue(r.body().endsWith("\n}"), r.body());
    }

    @Test
    void busyMonitorPortFailsStartWithUncheckedError() throws Exception {
        String config = "port: -1\nhost: 127.0.0.1\nhttp_port: " + server.monitorPort();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NatsServer.start(ConfigFactory.parseString(config)).close());
        assertTrue(e.getMessage().startsWith("Can't listen to the monitor port: 127.0.0.1:"), e.getMessage());
    }

    private void assertBadRequest(String pathAndQuery, String text) throws Exception {
        MonitorHttp.Reply r = http.get(pathAndQuery);
        assertEquals(400, r.status(), pathAndQuery);
        assertEquals(text, r.body());
    }

    private static List<Long> cids(JsonNode connz) {
        List<Long> cids = new ArrayList<>();
        connz.get("connections").forEach(c -> cids.add(c.get("cid").asLong()));
        return cids;
    }

    @Test
    void connzKeepsClosedConnectionsWithTheirReasonAndSubscriptions() throws Exception {
        try (NatsServer own = NatsServer.start(ConfigFactory.parseString("port: -1\nhttp_port: -1\nhost: 127.0.0.1"))) {
            MonitorHttp ownHttp = new MonitorHttp(own.monitorPort());
            try (RawNatsClient gone = new RawNatsClient(own.port(), "gone")) {
                gone.sub("left.behind", null, "1").sync();
            }
            JsonNode closed = ownHttp.await("/connz?state=closed&subs=1", n -> n.get("num_connections").asInt() == 1);
            JsonNode c = closed.get("connections").get(0);
            assertEquals("gone", c.get("name").asText());
            assertEquals("Client Closed", c.get("reason").asText());
            assertTrue(c.get("stop").asText().matches(RFC3339), c.get("stop").asText());
            assertEquals("left.behind", c.get("subscriptions_list").get(0).asText());
            assertEquals(0, ownHttp.json("/connz").get("num_connections").asInt());
            assertEquals(1, ownHttp.json("/connz?state=all").get("num_connections").asInt());
            assertEquals(1, ownHttp.json("/connz?state=closed&sort=stop").get("num_connections").asInt());
        }
    }
}
