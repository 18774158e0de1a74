package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A JetStream domain: named in account info and PubAcks, and its API under $JS.<domain>.API. */
class JetStreamDomainTest {

    @AllTargets
    void domainInAccountInfoAndPubAcks(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir, "domain: hub");
                JsClient c = JsClient.connect(server.server())) {
            JsonNode info = c.api("$JS.API.INFO");
            assertEquals("hub", info.get("domain").asText(), info.toString());
            assertEquals(List.of("type", "memory", "storage", "streams", "consumers", "limits", "domain", "api"),
                    StreamApiTest.fieldNames(info));
            assertEquals("hub", c.api("$JS.hub.API.INFO").get("domain").asText());
            c.createStream(obj("name", "DOMAINED", "subjects", List.of("domained")));
            JsonNode ack = c.publish("domained", "x");
            assertEquals(json("{\"stream\":\"DOMAINED\",\"domain\":\"hub\",\"seq\":1}"), ack);
            assertEquals(List.of("stream", "domain", "seq"), StreamApiTest.fieldNames(ack));
            c.publish("domained", new Headers().add("Nats-Msg-Id", "a"), "y");
            assertEquals(json("{\"stream\":\"DOMAINED\",\"domain\":\"hub\",\"seq\":2,\"duplicate\":true}"),
                    c.publish("domained", new Headers().add("Nats-Msg-Id", "a"), "z"));
            PublishAck jnats = c.js().publish("domained", "w".getBytes(UTF_8));
            assertEquals("hub", jnats.getDomain());
            assertEquals(3, jnats.getSeqno());
        }
    }
}
