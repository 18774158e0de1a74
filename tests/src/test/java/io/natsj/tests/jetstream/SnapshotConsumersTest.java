package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.natsj.tests.jetstream.SnapshotClient.Restore;
import io.natsj.tests.jetstream.SnapshotClient.Snapshot;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream snapshot carries the stream's consumers, config and state, and a restore brings them
 * back, as nats-server 2.9.10's does ({@code obs/<name>/meta.inf} and {@code o.dat} in its
 * tar); {@code no_consumers} leaves them out. Each server restores its own snapshots.
 */
class SnapshotConsumersTest {

    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final List<String> STATE = List.of("config", "created", "delivered", "ack_floor",
            "num_ack_pending", "num_redelivered", "num_pending");

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void fileStreamConsumersComeBack(Target target) throws Exception {
        roundTrip(target, "SNAPC", "file");
    }

    /** natsj snapshots memory streams too (nats-server 2.9.10 does not): their consumers come along. */
    @Test
    void memoryStreamConsumersComeBackOnNatsj() throws Exception {
        roundTrip(Target.NATSJ, "SNAPCM", "memory");
    }

    private static void roundTrip(Target target, String name, String storage) throws Exception {
        String base = name.toLowerCase() + ".";
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", name, "subjects", List.of(base + ">"), "storage", storage));
            for (int i = 1; i <= 10; i++) {
                c.publish(base + (i % 2 == 0 ? "a" : "b"), "m" + i);
            }
            createConsumer(c, name, obj("durable_name", "DUR", "ack_policy", "explicit",
                    "ack_wait", 60_000_000_000L));
            createConsumer(c, name, obj("durable_name", "ONLYA", "ack_policy", "explicit",
                    "filter_subject", base + "a", "description", "filtered"));
            JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind(name, "DUR"));
            List<Message> got = sub.fetch(4, WAIT);
            assertEquals(4, got.size());
            got.get(0).ackSync(WAIT);
            got.get(2).ackSync(WAIT);
            sub.unsubscribe();
            JsonNode dur = c.api("$JS.API.CONSUMER.INFO." + name + ".DUR");
            JsonNode onlyA = c.api("$JS.API.CONSUMER.INFO." + name + ".ONLYA");
            assertEquals(2, dur.get("num_ack_pending").asInt(), dur.toString());
            JsonNode config = c.api("$JS.API.STREAM.INFO." + name).get("config");

            Snapshot snap = SnapshotClient.snapshot(c, name, obj("deliver_subject", "deliver." + name));
            SnapshotClient.assertEndMessage(snap.end());
            assertTrue(c.api("$JS.API.STREAM.DELETE." + name).get("success").asBoolean());
            ObjectNode request = JsClient.JSON.createObjectNode();
            request.set("config", config);
            Restore r = SnapshotClient.restore(c, name, request.toString(), snap.bytes(), 4096);
            assertTrue(r.result().has("config"), r.result().toString());

            JsonNode names = c.api("$JS.API.CONSUMER.NAMES." + name).get("consumers");
            assertEquals(JsClient.json("[\"DUR\",\"ONLYA\"]"), names);
            assertSameState(target, dur, c.api("$JS.API.CONSUMER.INFO." + name + ".DUR"));
            assertSameState(target, onlyA, c.api("$JS.API.CONSUMER.INFO." + name + ".ONLYA"));

            // The restored durable goes on after what it delivered; acked messages stay acked.
            JetStreamSubscription again = c.js().subscribe(null, PullSubscribeOptions.bind(name, "DUR"));
            List<String> next = new ArrayList<>();
            for (Message m : again.fetch(10, Duration.ofMillis(800))) {
                next.add(new String(m.getData(), UTF_8));
                m.ackSync(WAIT);
            }
            assertEquals(List.of("m5", "m6", "m7", "m8", "m9", "m10"), next);
            JsonNode after = c.api("$JS.API.CONSUMER.INFO." + name + ".DUR");
            assertEquals(2, after.get("num_ack_pending").asInt(), after.toString());
            assertEquals(1, after.get("ack_floor").get("stream_seq").asInt(), after.toString());

            // no_consumers: the same stream restored without them.
            Snapshot bare = SnapshotClient.snapshot(c, name,
                    obj("deliver_subject", "deliver." + name, "no_consumers", true));
            assertTrue(c.api("$JS.API.STREAM.DELETE." + name).get("success").asBoolean());
            r = SnapshotClient.restore(c, name, request.toString(), bare.bytes(), 4096);
            assertEquals(10, r.result().get("state").get("messages").asInt(), r.result().toString());
            assertEquals(0, r.result().get("state").get("consumer_count").asInt(), r.result().toString());
            assertTrue(c.api("$JS.API.CONSUMER.NAMES." + name).get("consumers").isEmpty());
            assertTrue(c.api("$JS.API.STREAM.DELETE." + name).get("success").asBoolean());
        }
    }

    /**
     * natsj does not read nats-server's snapshot format (an s2-compressed tar of its file store):
     * the restore of one fails with an error and leaves no stream behind.
     */
    @Test
    void natsServerSnapshotIsRefusedByNatsj() throws Exception {
        Snapshot snap;
        JsonNode config;
        try (JsClient go = JsClient.connect(servers.get(Target.NATS_SERVER).server())) {
            go.createStream(obj("name", "GOSNAP", "subjects", List.of("gosnap")));
            go.publish("gosnap", "one");
            config = go.api("$JS.API.STREAM.INFO.GOSNAP").get("config");
            snap = SnapshotClient.snapshot(go, "GOSNAP", obj("deliver_subject", "deliver.gosnap"));
            assertTrue(go.api("$JS.API.STREAM.DELETE.GOSNAP").get("success").asBoolean());
        }
        try (JsClient c = JsClient.connect(servers.get(Target.NATSJ).server())) {
            ObjectNode request = JsClient.JSON.createObjectNode();
            request.set("config", config);
            Restore r = SnapshotClient.restore(c, "GOSNAP", request.toString(), snap.bytes(), 4096);
            JsClient.assertApiError(r.result(), 500, 10062, "restore failed: not a natsj stream snapshot");
            JsClient.assertApiError(c.api("$JS.API.STREAM.INFO.GOSNAP"), 404, 10059, "stream not found");
        }
    }

    private static void createConsumer(JsClient c, String stream, String config) throws Exception {
        String durable = JsClient.json(config).get("durable_name").asText();
        JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE." + stream + "." + durable,
                obj("stream_name", stream, "config", JsClient.json(config)));
        assertTrue(r.has("config"), r.toString());
    }

    private static void assertSameState(Target target, JsonNode before, JsonNode after) {
        for (String f : STATE) {
            if (f.equals("created") && target == Target.NATS_SERVER) {
                // nats-server 2.9.10 restores the time its consumer store was made, microseconds after "created".
                continue;
            }
            JsonNode b = before.get(f);
            JsonNode a = after.get(f);
            if (b != null && b.isObject() && b.has("last_active")) {
                // last_active is the time of the last delivery or ack: kept, but compared by sequence only.
                b = ((ObjectNode) b.deepCopy()).without("last_active");
                a = a == null || !a.isObject() ? a : ((ObjectNode) a.deepCopy()).without("last_active");
            }
            assertEquals(b, a, f + " in " + after);
        }
    }
}
