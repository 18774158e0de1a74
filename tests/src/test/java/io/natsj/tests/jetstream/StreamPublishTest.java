package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publishing into streams: the PubAck, de-duplication, expectations, roll-ups and stream flags. */
class StreamPublishTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    private static Headers header(String name, String value) {
        return new Headers().add(name, value);
    }

    @AllTargets
    void pubAckShape(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "ACKED", "subjects", List.of("acked.>")));
            // Only stream and seq: no duplicate, no domain when none is configured.
            assertEquals(json("{\"stream\":\"ACKED\",\"seq\":1}"), c.publish("acked.a", "one"));
            PublishAck ack = c.js().publish("acked.b", "two".getBytes(UTF_8));
            assertEquals("ACKED", ack.getStream());
            assertEquals(2, ack.getSeqno());
            assertFalse(ack.isDuplicate());
            assertNull(ack.getDomain());
        }
    }

    @AllTargets
    void publishWithoutStreamHasNoResponders(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            assertThrows(Exception.class, () -> c.js().publish("no.stream.here", new byte[1]));
        }
    }

    @AllTargets
    void duplicatesWithinTheWindow(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "DEDUP", "subjects", List.of("dedup")));
            assertEquals(json("{\"stream\":\"DEDUP\",\"seq\":1}"), c.publish("dedup", header("Nats-Msg-Id", "m1"), "a"));
            assertEquals(json("{\"stream\":\"DEDUP\",\"seq\":1,\"duplicate\":true}"),
                    c.publish("dedup", header("Nats-Msg-Id", "m1"), "b"));
            PublishAck ack = c.js().publish("dedup", "c".getBytes(UTF_8), PublishOptions.builder().messageId("m1").build());
            assertTrue(ack.isDuplicate());
            assertEquals(1, ack.getSeqno());
            assertEquals(2, c.publish("dedup", header("Nats-Msg-Id", "m2"), "d").get("seq").asInt());
            assertEquals(2, c.api("$JS.API.STREAM.INFO.DEDUP").get("state").get("messages").asInt());
        }
    }

    @AllTargets
    void duplicateWindowExpires(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode created = c.createStream(obj("name", "WINDOW", "subjects", List.of("window"),
                    "duplicate_window", 100_000_000));
            assertEquals(100_000_000, created.get("config").get("duplicate_window").asLong());
            assertEquals(1, c.publish("window", header("Nats-Msg-Id", "w"), "a").get("seq").asInt());
            long deadline = System.nanoTime() + 5_000_000_000L;
            JsonNode ack = c.publish("window", header("Nats-Msg-Id", "w"), "b");
            while (ack.path("duplicate").asBoolean()) {
                assertTrue(System.nanoTime() < deadline, "the id never left the window");
                assertEquals(1, ack.get("seq").asInt(), ack.toString());
                ack = c.publish("window", header("Nats-Msg-Id", "w"), "b");
            }
            assertEquals(json("{\"stream\":\"WINDOW\",\"seq\":2}"), ack);
        }
    }

    @AllTargets
    void expectedStreamAndSequences(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "EXPECT", "subjects", List.of("expect.>")));
            c.publish("expect.a", header("Nats-Msg-Id", "first"), "1");
            c.publish("expect.b", "2");
            assertPubError(c.publish("expect.a", header("Nats-Expected-Stream", "OTHER"), "x"),
                    "EXPECT", 400, 10060, "expected stream does not match");
            assertPubError(c.publish("expect.a", header("Nats-Expected-Last-Sequence", "7"), "x"),
                    "EXPECT", 400, 10071, "wrong last sequence: 2");
            assertPubError(c.publish("expect.a", header("Nats-Expected-Last-Subject-Sequence", "7"), "x"),
                    "EXPECT", 400, 10071, "wrong last sequence: 1");
            // The last msg id is the id of the last message stored; seq 2 had none.
            assertPubError(c.publish("expect.a", header("Nats-Expected-Last-Msg-Id", "first"), "x"),
                    "EXPECT", 400, 10070, "wrong last msg ID: ");
            assertEquals(json("{\"stream\":\"EXPECT\",\"seq\":3}"),
                    c.publish("expect.a", header("Nats-Expected-Stream", "EXPECT"), "3"));
            assertEquals(4, c.publish("expect.b", header("Nats-Expected-Last-Sequence", "3"), "4").get("seq").asInt());
            assertEquals(5, c.publish("expect.a", header("Nats-Expected-Last-Subject-Sequence", "3"), "5")
                    .get("seq").asInt());
            c.publish("expect.b", header("Nats-Msg-Id", "sixth"), "6");
            assertPubError(c.publish("expect.a", header("Nats-Expected-Last-Msg-Id", "zz"), "x"),
                    "EXPECT", 400, 10070, "wrong last msg ID: sixth");
            assertEquals(7, c.publish("expect.a", header("Nats-Expected-Last-Msg-Id", "sixth"), "7").get("seq").asInt());
            JetStreamApiException e = assertThrows(JetStreamApiException.class, () -> c.js().publish("expect.a",
                    "x".getBytes(UTF_8), PublishOptions.builder().expectedLastSequence(1).build()));
            assertEquals(10071, e.getApiErrorCode());
            assertEquals(400, e.getErrorCode());
            assertEquals(7, c.api("$JS.API.STREAM.INFO.EXPECT").get("state").get("messages").asInt());
        }
    }

    @AllTargets
    void rollups(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "NOROLL", "subjects", List.of("noroll")));
            assertPubError(c.publish("noroll", header("Nats-Rollup", "sub"), "x"),
                    "NOROLL", 500, 10111, "rollup not permitted");
            c.createStream(obj("name", "ROLL", "subjects", List.of("roll.>"), "allow_rollup_hdrs", true));
            c.publish("roll.a", "1");
            c.publish("roll.a", "2");
            c.publish("roll.b", "3");
            assertEquals(json("{\"stream\":\"ROLL\",\"seq\":4}"), c.publish("roll.a", header("Nats-Rollup", "sub"), "4"));
            JsonNode afterSub = c.api("$JS.API.STREAM.INFO.ROLL", obj("subjects_filter", ">")).get("state");
            assertEquals(json("{\"roll.a\":1,\"roll.b\":1}"), afterSub.get("subjects"));
            assertEquals(3, afterSub.get("first_seq").asInt());
            c.publish("roll.c", header("Nats-Rollup", "all"), "5");
            JsonNode afterAll = c.api("$JS.API.STREAM.INFO.ROLL").get("state");
            assertEquals(1, afterAll.get("messages").asInt());
            assertEquals(5, afterAll.get("first_seq").asInt());
        }
    }

    @AllTargets
    void denyDeleteAndDenyPurge(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "DENIED", "subjects", List.of("denied"), "deny_delete", true, "deny_purge", true));
            c.publish("denied", "1");
            assertApiError(c.api("$JS.API.STREAM.MSG.DELETE.DENIED", obj("seq", 1)),
                    500, 10057, "message delete not permitted");
            JsonNode purge = c.api("$JS.API.STREAM.PURGE.DENIED");
            assertApiError(purge, 500, 10110, "stream purge not permitted");
            assertEquals(0, purge.get("purged").asInt());
            assertEquals(1, c.api("$JS.API.STREAM.INFO.DENIED").get("state").get("messages").asInt());
        }
    }

    @AllTargets
    void sealedStreamRefusesWrites(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "SEAL", "subjects", List.of("seal")));
            c.publish("seal", "1");
            JsonNode sealed = c.api("$JS.API.STREAM.UPDATE.SEAL", obj("name", "SEAL", "subjects", List.of("seal"), "sealed", true));
            JsonNode config = sealed.get("config");
            assertTrue(config.get("sealed").asBoolean());
            // Sealing turns on deny_delete and deny_purge.
            assertTrue(config.get("deny_delete").asBoolean() && config.get("deny_purge").asBoolean(), config.toString());
            assertPubError(c.publish("seal", "2"), "SEAL", 400, 10109, "invalid operation on sealed stream");
            assertApiError(c.api("$JS.API.STREAM.PURGE.SEAL"), 400, 10109, "invalid operation on sealed stream");
            assertApiError(c.api("$JS.API.STREAM.UPDATE.SEAL", obj("name", "SEAL", "subjects", List.of("seal"))),
                    500, 10052, "stream configuration update can not unseal a sealed stream");
        }
    }

    @AllTargets
    void noAckStoresWithoutReplying(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode created = c.createStream(obj("name", "NOACK", "subjects", List.of("noack"), "no_ack", true));
            assertTrue(created.get("config").get("no_ack").asBoolean(), created.toString());
            Subscription inbox = c.connection().subscribe("noack.inbox");
            c.connection().publish("noack", "noack.inbox", "x".getBytes(UTF_8));
            long deadline = System.nanoTime() + JsClient.WAIT.toNanos();
            while (c.api("$JS.API.STREAM.INFO.NOACK").get("state").get("messages").asInt() == 0) {
                assertTrue(System.nanoTime() < deadline, "message never stored");
            }
            assertNull(inbox.nextMessage(Duration.ofMillis(200)), "no_ack stream must not acknowledge");
        }
    }

    static void assertPubError(JsonNode ack, String stream, int code, int errCode, String description) {
        assertApiError(ack, code, errCode, description);
        assertEquals(stream, ack.get("stream").asText(), ack.toString());
        assertEquals(0, ack.get("seq").asInt(), ack.toString());
        assertEquals(List.of("error", "stream", "seq"), StreamApiTest.fieldNames(ack));
    }
}
