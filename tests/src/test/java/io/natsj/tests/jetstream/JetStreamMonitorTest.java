package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.jetstream.JetStreamServer.MonitorResponse;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** /jsz, the jetstream section of /varz and /healthz?js-enabled-only=true. */
class JetStreamMonitorTest {

    @AllTargets
    void monitorEndpoints(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir);
                JsClient c = JsClient.connect(server.server())) {
            c.createStream(obj("name", "MON", "subjects", List.of("mon"), "storage", "memory"));
            c.createStream(obj("name", "MONFILE", "subjects", List.of("monfile")));
            c.publish("mon", "x");
            c.publish("monfile", "y");
            c.publish("monfile", "z");
            c.api("$JS.API.STREAM.INFO.NOPE");

            JsonNode jsz = server.monitor("/jsz").body();
            assertEquals(List.of("server_id", "now", "config", "memory", "storage", "reserved_memory",
                    "reserved_storage", "accounts", "ha_assets", "api", "streams", "consumers", "messages", "bytes"),
                    StreamApiTest.fieldNames(jsz));
            assertEquals(storeDir.resolve("jetstream").toString(), jsz.get("config").get("store_dir").asText());
            assertTrue(jsz.get("config").get("max_memory").asLong() > 0, jsz.toString());
            assertTrue(jsz.get("config").get("max_storage").asLong() > 0, jsz.toString());
            assertEquals(2, jsz.get("streams").asInt());
            assertEquals(0, jsz.get("consumers").asInt());
            assertEquals(3, jsz.get("messages").asInt());
            assertEquals(1, jsz.get("accounts").asInt());
            assertEquals(0, jsz.get("ha_assets").asInt());
            assertTrue(jsz.get("memory").asLong() > 0 && jsz.get("storage").asLong() > 0, jsz.toString());
            assertEquals(jsz.get("memory").asLong() + jsz.get("storage").asLong(), jsz.get("bytes").asLong());
            // Two creates and one failed info: publishes are not API calls.
            assertEquals(json("{\"total\":3,\"errors\":1}"), jsz.get("api"));

            JsonNode details = server.monitor("/jsz?streams=true").body().get("account_details").get(0);
            assertEquals("$G", details.get("name").asText());
            assertEquals(2, details.get("stream_detail").size(), details.toString());

            JsonNode varz = server.monitor("/varz").body().get("jetstream");
            assertEquals(List.of("config", "stats"), StreamApiTest.fieldNames(varz));
            assertEquals(jsz.get("config"), varz.get("config"));
            assertEquals(List.of("memory", "storage", "reserved_memory", "reserved_storage", "accounts", "ha_assets",
                    "api"), StreamApiTest.fieldNames(varz.get("stats")));

            MonitorResponse health = server.monitor("/healthz?js-enabled-only=true");
            assertEquals(200, health.status());
            assertEquals(json("{\"status\":\"ok\"}"), health.body());
            assertEquals(json("{\"status\":\"ok\"}"), server.monitor("/healthz").body());
        }
    }

    /** /jsz counts consumers; {@code consumers=true} lists them per stream, {@code config=true} adds configs. */
    @AllTargets
    void jszConsumerDetail(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir);
                JsClient c = JsClient.connect(server.server())) {
            c.createStream(obj("name", "JZ", "subjects", List.of("jz")));
            for (int i = 0; i < 3; i++) {
                c.publish("jz", "m" + i);
            }
            for (String name : List.of("B", "A")) {
                JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE.JZ." + name, obj("stream_name", "JZ", "config",
                        json(obj("durable_name", name, "ack_policy", "explicit"))));
                assertTrue(r.has("config"), r.toString());
            }
            io.nats.client.JetStreamSubscription sub = c.js().subscribe(null,
                    io.nats.client.PullSubscribeOptions.bind("JZ", "A"));
            sub.fetch(2, java.time.Duration.ofSeconds(2)).get(0).ackSync(java.time.Duration.ofSeconds(2));
            JsonNode infoA = c.api("$JS.API.CONSUMER.INFO.JZ.A");

            assertEquals(2, server.monitor("/jsz").body().get("consumers").asInt());
            JsonNode streams = server.monitor("/jsz?streams=true").body().get("account_details").get(0)
                    .get("stream_detail").get(0);
            assertFalse(streams.has("consumer_detail"), streams.toString());
            assertFalse(streams.has("config"), streams.toString());

            JsonNode account = server.monitor("/jsz?consumers=true").body().get("account_details").get(0);
            JsonNode detail = account.get("stream_detail").get(0);
            assertEquals(List.of("name", "created", "cluster", "state", "consumer_detail"),
                    StreamApiTest.fieldNames(detail));
            List<JsonNode> consumers = sortedByName(detail.get("consumer_detail"));
            assertEquals(2, consumers.size(), detail.toString());
            JsonNode a = consumers.get(0);
            assertEquals("A", a.get("name").asText());
            assertFalse(a.has("config"), a.toString());
            for (String f : List.of("stream_name", "name", "created", "delivered", "ack_floor", "num_ack_pending",
                    "num_redelivered", "num_waiting", "num_pending")) {
                assertEquals(infoA.get(f), a.get(f), f + " in " + a);
            }
            assertEquals(List.of("stream_name", "name", "created", "delivered", "ack_floor", "num_ack_pending",
                    "num_redelivered", "num_waiting", "num_pending"), StreamApiTest.fieldNames(a));

            detail = server.monitor("/jsz?consumers=true&config=true").body().get("account_details").get(0)
                    .get("stream_detail").get(0);
            assertEquals(List.of("name", "created", "cluster", "config", "state", "consumer_detail"),
                    StreamApiTest.fieldNames(detail));
            assertEquals(c.api("$JS.API.STREAM.INFO.JZ").get("config"), detail.get("config"));
            assertEquals(infoA.get("config"), sortedByName(detail.get("consumer_detail")).get(0).get("config"));
        }
    }

    private static List<JsonNode> sortedByName(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        out.sort(java.util.Comparator.comparing(n -> n.get("name").asText()));
        return out;
    }
}
