package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ephemeral consumers of a file stream across a restart, as nats-server 2.9.10 treats them: they
 * are kept on disk like durables and come back with their state, still ephemeral (no
 * {@code durable_name}; the config now carries {@code name}), so their inactive threshold
 * applies again: a push ephemeral nobody subscribes to goes after it, a pull one resumes.
 */
class EphemeralRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    @AllTargets
    void ephemeralsComeBackAsEphemerals(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir)) {
            String pull;
            String push;
            JsonNode before;
            try (JsClient c = JsClient.connect(server.server())) {
                c.createStream(obj("name", "ER", "subjects", List.of("er.>")));
                for (int i = 1; i <= 5; i++) {
                    c.publish("er.x", "m" + i);
                }
                JsonNode r = c.api("$JS.API.CONSUMER.CREATE.ER", obj("stream_name", "ER", "config",
                        Map.of("ack_policy", "explicit", "inactive_threshold", 60_000_000_000L)));
                pull = r.get("name").asText();
                c.connection().subscribe("erpush.none");
                c.connection().flush(WAIT);
                r = c.api("$JS.API.CONSUMER.CREATE.ER", obj("stream_name", "ER", "config",
                        Map.of("ack_policy", "explicit", "deliver_subject", "erpush.none")));
                push = r.get("name").asText();
                assertEquals(5_000_000_000L, r.get("config").get("inactive_threshold").asLong(), r.toString());
                JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind("ER", pull));
                List<Message> got = sub.fetch(2, WAIT);
                assertEquals(2, got.size());
                got.get(0).ackSync(WAIT);
                before = c.api("$JS.API.CONSUMER.INFO.ER." + pull);
            }
            server.restart();
            try (JsClient c = JsClient.connect(server.server())) {
                assertEquals(JsClient.json("[\"" + min(pull, push) + "\",\"" + max(pull, push) + "\"]"),
                        c.api("$JS.API.CONSUMER.NAMES.ER").get("consumers"));
                JsonNode after = c.api("$JS.API.CONSUMER.INFO.ER." + pull);
                ObjectNode expected = ((ObjectNode) before.get("config")).deepCopy();
                expected.put("name", pull);
                assertEquals(sorted(expected), sorted(after.get("config")), after.toString());
                for (String f : List.of("num_ack_pending", "num_pending", "num_redelivered")) {
                    assertEquals(before.get(f), after.get(f), f + " in " + after);
                }
                for (String f : List.of("delivered", "ack_floor")) {
                    assertEquals(before.get(f).get("stream_seq"), after.get(f).get("stream_seq"), f + " in " + after);
                    assertEquals(before.get(f).get("consumer_seq"), after.get(f).get("consumer_seq"), f);
                }
                JsonNode pushInfo = c.api("$JS.API.CONSUMER.INFO.ER." + push);
                assertFalse(pushInfo.get("config").has("durable_name"), pushInfo.toString());
                assertEquals(push, pushInfo.get("config").get("name").asText(), pushInfo.toString());
                assertFalse(pushInfo.has("push_bound"), pushInfo.toString());

                // The pull ephemeral goes on where it was.
                JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind("ER", pull));
                List<String> next = new ArrayList<>();
                for (Message m : sub.fetch(5, Duration.ofMillis(700))) {
                    next.add(new String(m.getData(), UTF_8));
                }
                assertEquals(List.of("m3", "m4", "m5"), next);

                // Nobody subscribes to the push ephemeral's deliver subject: its 5 s threshold removes it.
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                JsonNode names = c.api("$JS.API.CONSUMER.NAMES.ER").get("consumers");
                while (names.size() > 1) {
                    assertTrue(System.nanoTime() < deadline, "push ephemeral not removed: " + names);
                    LockSupport.parkNanos(100_000_000L); // poll interval
                    names = c.api("$JS.API.CONSUMER.NAMES.ER").get("consumers");
                }
                assertEquals(pull, names.get(0).asText());
            }
        }
    }

    private static String min(String a, String b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) < 0 ? b : a;
    }

    /** The object with its fields in name order: field order is not what this test is about. */
    private static JsonNode sorted(JsonNode n) {
        ObjectNode out = JsClient.JSON.createObjectNode();
        List<String> fields = new ArrayList<>();
        n.fieldNames().forEachRemaining(fields::add);
        fields.stream().sorted().forEach(f -> out.set(f, n.get(f)));
        return out;
    }
}
