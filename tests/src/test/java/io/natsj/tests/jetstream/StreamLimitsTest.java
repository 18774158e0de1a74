package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static io.natsj.tests.jetstream.StreamPublishTest.assertPubError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stream limits and retention policies: what is kept, what is refused, and the error PubAcks. */
class StreamLimitsTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    private static JsonNode state(JsClient c, String stream) throws Exception {
        return c.api("$JS.API.STREAM.INFO." + stream, obj("subjects_filter", ">")).get("state");
    }

    @AllTargets
    void maxMsgsDiscardOldDropsTheOldest(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "OLD", "subjects", List.of("old"), "max_msgs", 2));
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, c.publish("old", "m" + i).get("seq").asInt());
            }
            JsonNode s = state(c, "OLD");
            assertEquals(2, s.get("messages").asInt());
            assertEquals(2, s.get("first_seq").asInt());
        }
    }

    @AllTargets
    void maxMsgsDiscardNewRefuses(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "NEW", "subjects", List.of("new"), "max_msgs", 2, "discard", "new",
                    "storage", "memory"));
            c.publish("new", "1");
            c.publish("new", "2");
            assertPubError(c.publish("new", "3"), "NEW", 503, 10077, "maximum messages exceeded");
            assertEquals(2, state(c, "NEW").get("last_seq").asInt());
        }
    }

    @AllTargets
    void maxBytesDiscardNewRefuses(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "BYTES", "subjects", List.of("bytes"), "max_bytes", 100, "discard", "new",
                    "storage", "memory"));
            c.publish("bytes", "x".repeat(10));
            c.publish("bytes", "x".repeat(60));
            assertPubError(c.publish("bytes", "x".repeat(60)), "BYTES", 503, 10077, "maximum bytes exceeded");
            assertTrue(state(c, "BYTES").get("bytes").asInt() <= 100);
        }
    }

    @AllTargets
    void maxBytesDiscardOldDropsTheOldest(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "BYTESOLD", "subjects", List.of("bytesold"), "max_bytes", 200));
            for (int i = 1; i <= 5; i++) {
                c.publish("bytesold", "x".repeat(60));
            }
            JsonNode s = state(c, "BYTESOLD");
            assertTrue(s.get("bytes").asInt() <= 200, s.toString());
            assertEquals(5, s.get("last_seq").asInt());
            assertTrue(s.get("first_seq").asInt() > 1, s.toString());
        }
    }

    @AllTargets
    void maxMsgsPerSubjectKeepsTheNewest(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PERSUBJ", "subjects", List.of("persubj.>"), "max_msgs_per_subject", 2));
            for (int i = 1; i <= 5; i++) {
                c.publish("persubj.a", "a" + i);
            }
            c.publish("persubj.b", "b");
            JsonNode s = state(c, "PERSUBJ");
            assertEquals(json("{\"persubj.a\":2,\"persubj.b\":1}"), s.get("subjects"));
            assertEquals(4, s.get("first_seq").asInt());
        }
    }

    @AllTargets
    void discardNewPerSubjectRefusesOnlyTheFullSubject(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode created = c.createStream(obj("name", "DNPS", "subjects", List.of("dnps.>"), "max_msgs_per_subject", 1,
                    "discard", "new", "discard_new_per_subject", true, "storage", "memory"));
            assertTrue(created.get("config").get("discard_new_per_subject").asBoolean(), created.toString());
            c.publish("dnps.a", "1");
            assertPubError(c.publish("dnps.a", "2"), "DNPS", 503, 10077, "maximum messages per subject exceeded");
            assertEquals(json("{\"stream\":\"DNPS\",\"seq\":2}"), c.publish("dnps.b", "3"));
        }
    }

    @AllTargets
    void maxMsgSizeRefusesLargerMessages(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "SIZE", "subjects", List.of("size"), "max_msg_size", 10));
            assertEquals(1, c.publish("size", "x".repeat(10)).get("seq").asInt());
            assertPubError(c.publish("size", "x".repeat(11)), "SIZE", 400, 10054, "message size exceeds maximum allowed");
        }
    }

    @AllTargets
    void maxAgeExpiresMessages(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "AGED", "subjects", List.of("aged"), "max_age", 100_000_000,
                    "duplicate_window", 100_000_000));
            c.publish("aged", "1");
            c.publish("aged", "2");
            long deadline = System.nanoTime() + 5_000_000_000L;
            JsonNode s = state(c, "AGED");
            while (s.get("messages").asInt() > 0) {
                assertTrue(System.nanoTime() < deadline, "messages never expired: " + s);
                s = state(c, "AGED");
            }
            assertEquals(3, s.get("first_seq").asInt());
            assertEquals(2, s.get("last_seq").asInt());
        }
    }

    @AllTargets
    void interestRetentionWithoutConsumersKeepsNothing(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode created = c.createStream(obj("name", "INTEREST", "subjects", List.of("interest"), "retention", "interest"));
            assertEquals("interest", created.get("config").get("retention").asText());
            assertEquals(json("{\"stream\":\"INTEREST\",\"seq\":1}"), c.publish("interest", "x"));
            JsonNode s = c.api("$JS.API.STREAM.INFO.INTEREST").get("state");
            assertEquals(0, s.get("messages").asInt());
            assertEquals(2, s.get("first_seq").asInt());
            assertEquals(1, s.get("last_seq").asInt());
        }
    }

    @AllTargets
    void workQueueRetentionStores(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode created = c.createStream(obj("name", "WORK", "subjects", List.of("work"), "retention", "workqueue",
                    "storage", "memory"));
            assertEquals("workqueue", created.get("config").get("retention").asText());
            assertEquals("memory", created.get("config").get("storage").asText());
            c.publish("work", "x");
            assertEquals(1, c.api("$JS.API.STREAM.INFO.WORK").get("state").get("messages").asInt());
        }
    }
}
