package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Consumer management through jnats and the raw API, advisories and limits, on both servers. */
class ConsumerApiTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void jnatsManagesConsumers(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "CM", "subjects", List.of("cm.>")));
            ConsumerInfo ci = c.jsm().addOrUpdateConsumer("CM", ConsumerConfiguration.builder().durable("B")
                    .filterSubject("cm.b").ackPolicy(AckPolicy.Explicit).maxDeliver(3).build());
            assertEquals("B", ci.getName());
            assertEquals("cm.b", ci.getConsumerConfiguration().getFilterSubject());
            c.jsm().addOrUpdateConsumer("CM", ConsumerConfiguration.builder().durable("A").build());
            assertEquals(List.of("A", "B"), c.jsm().getConsumerNames("CM"));
            assertEquals(2, c.jsm().getConsumers("CM").size());
            ConsumerInfo updated = c.jsm().addOrUpdateConsumer("CM", ConsumerConfiguration.builder().durable("B")
                    .filterSubject("cm.b").ackPolicy(AckPolicy.Explicit).maxDeliver(5).description("x").build());
            assertEquals(5, updated.getConsumerConfiguration().getMaxDeliver());
            assertEquals("x", updated.getConsumerConfiguration().getDescription());
            assertTrue(c.jsm().deleteConsumer("CM", "A"));
            assertEquals(List.of("B"), c.jsm().getConsumerNames("CM"));
            assertEquals(1, c.api("$JS.API.STREAM.INFO.CM").get("state").get("consumer_count").asInt());
            assertTrue(servers.get(target).monitor("/jsz").body().get("consumers").asInt() >= 1);
            assertTrue(c.api("$JS.API.INFO").get("consumers").asInt() >= 1);
        }
    }

    /** Created and deleted advisories carry nats-server's fields in its order. */
    @AllTargets
    void createAndDeleteAdvisories(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "CV", "subjects", List.of("cv")));
            Subscription adv = c.connection().subscribe("$JS.EVENT.ADVISORY.CONSUMER.>");
            c.connection().flush(Duration.ofSeconds(2));
            c.api("$JS.API.CONSUMER.CREATE.CV.V", obj("stream_name", "CV", "config", Map.of("durable_name", "V")));
            c.api("$JS.API.CONSUMER.DELETE.CV.V");
            Message created = adv.nextMessage(Duration.ofSeconds(2));
            Message deleted = adv.nextMessage(Duration.ofSeconds(2));
            assertNotNull(created);
            assertNotNull(deleted);
            assertEquals("$JS.EVENT.ADVISORY.CONSUMER.CREATED.CV.V", created.getSubject());
            assertEquals("$JS.EVENT.ADVISORY.CONSUMER.DELETED.CV.V", deleted.getSubject());
            for (Message m : List.of(created, deleted)) {
                ObjectNode n = (ObjectNode) json(new String(m.getData(), UTF_8));
                assertEquals(List.of("type", "id", "timestamp", "stream", "consumer", "action"),
                        List.copyOf(iterable(n)), n.toString());
                assertEquals("io.nats.jetstream.advisory.v1.consumer_action", n.get("type").asText());
            }
            assertEquals("create", json(new String(created.getData(), UTF_8)).get("action").asText());
            assertEquals("delete", json(new String(deleted.getData(), UTF_8)).get("action").asText());
        }
    }

    private static List<String> iterable(ObjectNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @AllTargets
    void streamAndAccountConsumerLimits(Target target, @TempDir Path dir) throws Exception {
        String config = "jetstream { store_dir: \"" + dir + "\" }\n"
                + "accounts { L { jetstream: { max_consumers: 2 }, users: [ {user: l, password: l} ] } }";
        try (var server = target.start(config); JsClient c = JsClient.connect(server, "l", "l")) {
            c.createStream(obj("name", "CL", "subjects", List.of("cl"), "max_consumers", 1));
            c.api("$JS.API.CONSUMER.CREATE.CL.A", obj("stream_name", "CL", "config", Map.of("durable_name", "A")));
            JsonNode r = c.api("$JS.API.CONSUMER.CREATE.CL.B",
                    obj("stream_name", "CL", "config", Map.of("durable_name", "B")));
            assertApiError(r, 400, 10026, "maximum consumers limit reached");
            c.createStream(obj("name", "CK", "subjects", List.of("ck")));
            for (String name : List.of("A", "B")) {
                c.api("$JS.API.CONSUMER.CREATE.CK." + name,
                        obj("stream_name", "CK", "config", Map.of("durable_name", name)));
            }
            r = c.api("$JS.API.CONSUMER.CREATE.CK.C", obj("stream_name", "CK", "config", Map.of("durable_name", "C")));
            assertApiError(r, 400, 10026, "maximum consumers limit reached");
        }
    }

    /** An ephemeral pull consumer nobody asks goes away after its inactive threshold, with an advisory. */
    @AllTargets
    void inactiveEphemeralIsDeleted(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "CE", "subjects", List.of("ce")));
            Subscription adv = c.connection().subscribe("$JS.EVENT.ADVISORY.CONSUMER.DELETED.CE.>");
            c.connection().flush(Duration.ofSeconds(2));
            JsonNode r = c.api("$JS.API.CONSUMER.CREATE.CE", obj("stream_name", "CE", "config",
                    Map.of("ack_policy", "explicit", "inactive_threshold", 300_000_000L)));
            String name = r.get("name").asText();
            assertEquals(300_000_000L, r.get("config").get("inactive_threshold").asLong(), r.toString());
            assertFalse(r.get("config").has("name"), r.toString());
            Message gone = adv.nextMessage(Duration.ofSeconds(5));
            assertNotNull(gone, "no delete advisory");
            assertEquals("$JS.EVENT.ADVISORY.CONSUMER.DELETED.CE." + name, gone.getSubject());
            // nats-server sends the advisory a moment before the consumer leaves its map.
            long deadline = System.nanoTime() + 2_000_000_000L;
            JsonNode info = c.api("$JS.API.CONSUMER.INFO.CE." + name);
            while (!info.has("error") && System.nanoTime() < deadline) {
                Thread.sleep(20);
                info = c.api("$JS.API.CONSUMER.INFO.CE." + name);
            }
            assertApiError(info, 404, 10014, "consumer not found");
        }
    }

    /** jnats creates the consumer itself (CONSUMER.CREATE.<stream>.<name>.<filter>) from a pull subscribe. */
    @AllTargets
    void pullSubscribeCreatesTheConsumer(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "CS", "subjects", List.of("cs.>")));
            c.js().publish("cs.a", "x".getBytes(UTF_8));
            c.js().publish("cs.b", "y".getBytes(UTF_8));
            io.nats.client.JetStreamSubscription sub = c.js().subscribe("cs.b",
                    io.nats.client.PullSubscribeOptions.builder().durable("S").build());
            List<Message> got = sub.fetch(5, Duration.ofMillis(500));
            assertEquals(1, got.size());
            assertEquals("y", new String(got.get(0).getData(), UTF_8));
            assertEquals("cs.b", c.jsm().getConsumerInfo("CS", "S").getConsumerConfiguration().getFilterSubject());
            io.nats.client.JetStreamSubscription eph = c.js().subscribe("cs.a",
                    io.nats.client.PullSubscribeOptions.builder().build());
            assertEquals(1, eph.fetch(5, Duration.ofMillis(500)).size());
            assertEquals(2, c.jsm().getConsumerNames("CS").size());
        }
    }
}
