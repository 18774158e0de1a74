package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A clean stop and a start on the same store directory keeps streams, messages and state. */
class JetStreamRestartTest {

    @AllTargets
    void streamsAndMessagesSurviveARestart(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir)) {
            JsonNode before;
            try (JsClient c = JsClient.connect(server.server())) {
                c.createStream(obj("name", "KEPT", "subjects", List.of("kept.>"), "description", "survives",
                        "max_msgs_per_subject", 3));
                c.createStream(obj("name", "VOLATILE", "subjects", List.of("volatile"), "storage", "memory"));
                for (int i = 1; i <= 10; i++) {
                    c.publish("kept." + (i % 3), "m" + i);
                }
                c.publish("kept.h", new Headers().add("Nats-Msg-Id", "last"), "with header");
                c.api("$JS.API.STREAM.MSG.DELETE.KEPT", obj("seq", 9));
                c.publish("volatile", "gone after restart");
                before = c.api("$JS.API.STREAM.INFO.KEPT", obj("subjects_filter", ">", "deleted_details", true));
            }
            server.restart();
            try (JsClient c = JsClient.connect(server.server())) {
                JsonNode after = c.api("$JS.API.STREAM.INFO.KEPT", obj("subjects_filter", ">", "deleted_details", true));
                assertEquals(before.get("config"), after.get("config"));
                assertEquals(before.get("created"), after.get("created"));
                assertEquals(before.get("state"), after.get("state"));
                JsonNode last = c.api("$JS.API.STREAM.MSG.GET.KEPT", obj("last_by_subj", "kept.h")).get("message");
                assertEquals("with header", new String(Base64.getDecoder().decode(last.get("data").asText()), UTF_8));
                assertEquals(11, last.get("seq").asInt());
                // The duplicate window survives too: the same id is still a duplicate.
                assertEquals(json("{\"stream\":\"KEPT\",\"seq\":11,\"duplicate\":true}"),
                        c.publish("kept.h", new Headers().add("Nats-Msg-Id", "last"), "again"));
                assertEquals(12, c.publish("kept.1", "next").get("seq").asInt());
                // A memory stream is gone entirely, definition included, in a single server.
                JsClient.assertApiError(c.api("$JS.API.STREAM.INFO.VOLATILE"), 404, 10059, "stream not found");
                assertEquals(List.of("KEPT"), c.jsm().getStreamNames());
            }
        }
    }
}
