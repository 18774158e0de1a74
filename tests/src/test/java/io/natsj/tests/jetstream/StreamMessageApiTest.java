package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.PurgeOptions;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message get, message delete and purge over the raw API, and the stream action advisories. */
class StreamMessageApiTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void getBySequenceAndLastBySubject(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "GET", "subjects", List.of("get.>")));
            c.publish("get.a", "hello");
            Headers h = new Headers().add("X-Test", "1");
            c.publish("get.b", h, "world");

            JsonNode first = c.api("$JS.API.STREAM.MSG.GET.GET", obj("seq", 1));
            assertEquals("io.nats.jetstream.api.v1.stream_msg_get_response", first.get("type").asText());
            JsonNode msg = first.get("message");
            assertEquals(List.of("subject", "seq", "data", "time"), StreamApiTest.fieldNames(msg));
            assertEquals("get.a", msg.get("subject").asText());
            assertEquals(1, msg.get("seq").asInt());
            assertEquals("aGVsbG8=", msg.get("data").asText());

            JsonNode last = c.api("$JS.API.STREAM.MSG.GET.GET", obj("last_by_subj", "get.b")).get("message");
            assertEquals(List.of("subject", "seq", "hdrs", "data", "time"), StreamApiTest.fieldNames(last));
            assertEquals(2, last.get("seq").asInt());
            // The header block is stored byte for byte as the client sent it (jnats writes no space).
            assertEquals("NATS/1.0\r\nX-Test:1\r\n\r\n",
                    new String(Base64.getDecoder().decode(last.get("hdrs").asText()), UTF_8));
            assertEquals("world", new String(Base64.getDecoder().decode(last.get("data").asText()), UTF_8));

            JsonNode missing = c.api("$JS.API.STREAM.MSG.GET.GET", obj("seq", 99));
            assertEquals(json("""
                    {"type":"io.nats.jetstream.api.v1.stream_msg_get_response",\
                    "error":{"code":404,"err_code":10037,"description":"no message found"}}"""), missing);
            assertEquals("world", new String(c.jsm().getLastMessage("GET", "get.b").getData(), UTF_8));
        }
    }

    @AllTargets
    void deleteWithAndWithoutErase(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "DEL", "subjects", List.of("del")));
            for (int i = 0; i < 3; i++) {
                c.publish("del", "m" + i);
            }
            JsonNode ok = json("{\"type\":\"io.nats.jetstream.api.v1.stream_msg_delete_response\",\"success\":true}");
            assertEquals(ok, c.api("$JS.API.STREAM.MSG.DELETE.DEL", obj("seq", 2)));
            assertEquals(ok, c.api("$JS.API.STREAM.MSG.DELETE.DEL", obj("seq", 3, "no_erase", true)));
            JsonNode again = c.api("$JS.API.STREAM.MSG.DELETE.DEL", obj("seq", 2));
            assertEquals("io.nats.jetstream.api.v1.stream_msg_delete_response", again.get("type").asText());
            // An interior gap and a sequence below the first one are different errors in 2.9.10.
            assertApiError(again, 400, 10043, "sequence 2 not found");
            JsonNode state = c.api("$JS.API.STREAM.INFO.DEL").get("state");
            assertEquals(1, state.get("messages").asInt());
            assertEquals(3, state.get("last_seq").asInt());
            assertApiError(c.api("$JS.API.STREAM.MSG.GET.DEL", obj("seq", 2)), 404, 10037, "no message found");
            assertTrue(c.jsm().deleteMessage("DEL", 1, false));
            assertApiError(c.api("$JS.API.STREAM.MSG.DELETE.DEL", obj("seq", 1)), 500, 10057, "no message found");
        }
    }

    @AllTargets
    void purgeAllFilteredKeepAndUpToSequence(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PURGE", "subjects", List.of("purge.>")));
            for (int i = 1; i <= 10; i++) {
                c.publish("purge." + (i % 2 == 0 ? "even" : "odd"), "m" + i);
            }
            String purge = "$JS.API.STREAM.PURGE.PURGE";
            assertEquals(json("{\"type\":\"io.nats.jetstream.api.v1.stream_purge_response\",\"success\":true,\"purged\":3}"),
                    c.api(purge, obj("filter", "purge.even", "keep", 2)));
            assertEquals(3, c.api(purge, obj("filter", "purge.odd", "seq", 7)).get("purged").asInt());
            assertEquals(json("""
                    {"type":"io.nats.jetstream.api.v1.stream_purge_response",\
                    "error":{"code":400,"err_code":10003,"description":"bad request"},"purged":0}"""),
                    c.api(purge, obj("seq", 4, "keep", 1)));
            JsonNode state = c.api("$JS.API.STREAM.INFO.PURGE", obj("subjects_filter", ">")).get("state");
            assertEquals(json("{\"purge.even\":2,\"purge.odd\":2}"), state.get("subjects"));
            assertEquals(2, c.jsm().purgeStream("PURGE", PurgeOptions.builder().keep(2).build()).getPurged());
            assertEquals(2, c.api(purge).get("purged").asInt());
            JsonNode empty = c.api("$JS.API.STREAM.INFO.PURGE").get("state");
            assertEquals(0, empty.get("messages").asInt());
            assertEquals(11, empty.get("first_seq").asInt());
            assertEquals(10, empty.get("last_seq").asInt());
            assertApiError(c.api("$JS.API.STREAM.PURGE.NOPE"), 404, 10059, "stream not found");
        }
    }

    @AllTargets
    void createAndDeleteAdvisories(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            Subscription created = c.connection().subscribe("$JS.EVENT.ADVISORY.STREAM.CREATED.>");
            Subscription deleted = c.connection().subscribe("$JS.EVENT.ADVISORY.STREAM.DELETED.ADVISED");
            c.connection().flush(JsClient.WAIT);
            c.createStream(obj("name", "ADVISED", "subjects", List.of("advised")));
            c.api("$JS.API.STREAM.DELETE.ADVISED");
            assertAdvisory(created.nextMessage(JsClient.WAIT), "$JS.EVENT.ADVISORY.STREAM.CREATED.ADVISED", "create");
            assertAdvisory(deleted.nextMessage(JsClient.WAIT), "$JS.EVENT.ADVISORY.STREAM.DELETED.ADVISED", "delete");
        }
    }

    private static void assertAdvisory(Message msg, String subject, String action) {
        assertTrue(msg != null, "no advisory on " + subject);
        assertEquals(subject, msg.getSubject());
        JsonNode adv = json(msg);
        assertEquals(List.of("type", "id", "timestamp", "stream", "action"), StreamApiTest.fieldNames(adv));
        assertEquals("io.nats.jetstream.advisory.v1.stream_action", adv.get("type").asText());
        assertEquals("ADVISED", adv.get("stream").asText());
        assertEquals(action, adv.get("action").asText());
        assertTrue(adv.get("timestamp").asText().endsWith("Z"), adv.toString());
    }
}
