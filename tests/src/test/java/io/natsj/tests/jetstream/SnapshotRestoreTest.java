package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static io.natsj.tests.jetstream.StreamApiTest.fieldNames;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.natsj.tests.jetstream.SnapshotClient.Restore;
import io.natsj.tests.jetstream.SnapshotClient.Snapshot;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $JS.API.STREAM.SNAPSHOT} and {@code RESTORE} driven over core NATS against natsj and
 * nats-server 2.9.10: the answers, the chunk and acknowledgement subjects, the end message,
 * the advisories and the errors are the same; each server restores its own snapshots (the
 * byte formats differ). Memory streams round-trip on natsj only: nats-server 2.9.10 does not
 * snapshot them.
 */
class SnapshotRestoreTest {

    private static final String T = "io.nats.jetstream.api.v1.";
    private static final Pattern ACK = Pattern.compile("\\$JS\\.SNAPSHOT\\.ACK\\.([^.]+)\\.([^.]+)\\.(\\d+)\\.(\\d+)");
    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void snapshotSendsAcknowledgedChunksThenAnEmptyEnd(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "SNAPX", "subjects", List.of("snapx.>")));
            for (int i = 1; i <= 20; i++) {
                c.publish("snapx." + (i % 3), "x".repeat(300) + i);
            }
            Subscription advisories = c.connection().subscribe("$JS.EVENT.ADVISORY.STREAM.*.SNAPX");
            c.connection().flush(Duration.ofSeconds(3));
            JsonNode info = c.api("$JS.API.STREAM.INFO.SNAPX");
            Snapshot snap = SnapshotClient.snapshot(c, "SNAPX",
                    obj("deliver_subject", "deliver.snapx", "chunk_size", 1024));
            assertEquals(T + "stream_snapshot_response", snap.response().get("type").asText());
            assertEquals(List.of("type", "config", "state"), fieldNames(snap.response()));
            assertEquals(info.get("config"), snap.response().get("config"));
            assertEquals(info.get("state"), snap.response().get("state"));

            assertFalse(snap.chunks().isEmpty());
            String prefix = null;
            for (int i = 0; i < snap.chunks().size(); i++) {
                Message chunk = snap.chunks().get(i);
                Matcher m = ACK.matcher(chunk.getReplyTo());
                assertTrue(m.matches(), chunk.getReplyTo());
                assertEquals("SNAPX", m.group(1));
                prefix = prefix == null ? m.group(2) : prefix;
                assertEquals(prefix, m.group(2), "one acknowledgement subject per snapshot");
                assertEquals(chunk.getData().length, Integer.parseInt(m.group(3)));
                assertEquals(i + 1, Integer.parseInt(m.group(4)));
                assertTrue(chunk.getData().length <= 1024);
                assertFalse(chunk.hasHeaders());
            }
            SnapshotClient.assertEndMessage(snap.end());

            Message created = advisories.nextMessage(Duration.ofSeconds(3));
            assertNotNull(created);
            assertEquals("$JS.EVENT.ADVISORY.STREAM.SNAPSHOT_CREATE.SNAPX", created.getSubject());
            JsonNode a = json(created);
            assertEquals(List.of("type", "id", "timestamp", "stream", "state", "client"), fieldNames(a));
            assertEquals("io.nats.jetstream.advisory.v1.snapshot_create", a.get("type").asText());
            assertEquals(info.get("state"), a.get("state"));
            Message complete = advisories.nextMessage(Duration.ofSeconds(3));
            assertNotNull(complete);
            assertEquals("$JS.EVENT.ADVISORY.STREAM.SNAPSHOT_COMPLETE.SNAPX", complete.getSubject());
            a = json(complete);
            assertEquals(List.of("type", "id", "timestamp", "stream", "start", "end", "client"), fieldNames(a));
            assertEquals("io.nats.jetstream.advisory.v1.snapshot_complete", a.get("type").asText());
            assertEquals("SNAPX", a.get("stream").asText());
        }
    }

    /**
     * More than the 8 MiB window: the sender goes on as chunks are acknowledged, and it all
     * restores. natsj only: nats-server 2.9.10 here ends the snapshot of an 11 MB stream early at a
     * different point on each run (5 to 9.5 MB sent), so its restore fails.
     */
    @Test
    void largeSnapshotPastTheWindowRoundTripsOnNatsj() throws Exception {
        try (JsClient c = JsClient.connect(servers.get(Target.NATSJ).server())) {
            c.createStream(obj("name", "LARGE", "subjects", List.of("large")));
            java.util.Random random = new java.util.Random(7);
            byte[] payload = new byte[100_000];
            for (int i = 0; i < 110; i++) {
                random.nextBytes(payload);
                c.connection().publish("large", payload);
            }
            c.connection().flush(Duration.ofSeconds(5));
            c.publish("large", "last");
            JsonNode before = c.api("$JS.API.STREAM.INFO.LARGE");
            Snapshot snap = SnapshotClient.snapshot(c, "LARGE", obj("deliver_subject", "deliver.large"));
            assertTrue(snap.bytes().length > 10_000_000, "snapshot of " + snap.bytes().length + " bytes in "
                    + snap.chunks().size() + " chunks of " + before.get("state"));
            for (int i = 0; i < snap.chunks().size(); i++) {
                Matcher m = ACK.matcher(snap.chunks().get(i).getReplyTo());
                assertTrue(m.matches());
                assertEquals(i + 1, Integer.parseInt(m.group(4)));
            }
            SnapshotClient.assertEndMessage(snap.end());
            assertTrue(c.api("$JS.API.STREAM.DELETE.LARGE").get("success").asBoolean());
            ObjectNode request = JsClient.JSON.createObjectNode();
            request.set("config", before.get("config"));
            Restore r = SnapshotClient.restore(c, "LARGE", request.toString(), snap.bytes(), 128 * 1024);
            assertEquals(before.get("state"), r.result().get("state"), r.result().toString());
            assertEquals("last", new String(c.jsm().getLastMessage("LARGE", "large").getData(), UTF_8));
        }
    }

    @AllTargets
    void snapshotErrors(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "SNAPERR", "subjects", List.of("snaperr")));
            String type = T + "stream_snapshot_response";
            JsonNode r = c.api("$JS.API.STREAM.SNAPSHOT.SNAPERR");
            assertEquals(List.of("type", "error"), fieldNames(r));
            assertEquals(type, r.get("type").asText());
            assertApiError(r, 400, 10003, "bad request");
            assertApiError(c.api("$JS.API.STREAM.SNAPSHOT.NOPE", obj("deliver_subject", "x")),
                    404, 10059, "stream not found");
            assertApiError(c.api("$JS.API.STREAM.SNAPSHOT.SNAPERR", "{bad"), 400, 10025, "invalid JSON");
            assertApiError(c.api("$JS.API.STREAM.SNAPSHOT.SNAPERR", obj("deliver_subject", "x", "chunk_size", "big")),
                    400, 10025, "invalid JSON");
            for (String deliver : List.of("", "a..b", "a b")) {
                r = c.api("$JS.API.STREAM.SNAPSHOT.SNAPERR", obj("deliver_subject", deliver));
                assertEquals(List.of("type", "error"), fieldNames(r));
                assertApiError(r, 400, 10015, "deliver subject not valid");
            }
        }
    }

    @AllTargets
    void restoreRequestErrors(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "RESTEXIST", "subjects", List.of("restexist")));
            JsonNode r = c.api("$JS.API.STREAM.RESTORE.RESTNEW");
            assertEquals(List.of("type", "error", "deliver_subject"), fieldNames(r));
            assertEquals(T + "stream_restore_response", r.get("type").asText());
            assertEquals("", r.get("deliver_subject").asText());
            assertApiError(r, 400, 10003, "bad request");
            assertApiError(c.api("$JS.API.STREAM.RESTORE.RESTNEW", "{bad"), 400, 10025, "invalid JSON");
            assertApiError(c.api("$JS.API.STREAM.RESTORE.RESTNEW",
                    "{\"config\":{\"name\":\"RESTNEW\",\"storage\":\"disk\"}}"), 400, 10025, "invalid JSON");
            assertApiError(c.api("$JS.API.STREAM.RESTORE.RESTEXIST",
                    obj("config", json(obj("name", "RESTEXIST", "subjects", List.of("restexist"))))),
                    400, 10130, "stream name already in use, cannot restore");

            // A config without a name takes the subject's; an empty snapshot is refused at the end.
            Restore empty = SnapshotClient.restore(c, "RESTNONAME", "{\"config\":{\"subjects\":[\"restnoname\"]}}",
                    new byte[0], 1);
            assertTrue(empty.response().get("deliver_subject").asText()
                    .startsWith("$JS.SNAPSHOT.RESTORE.RESTNONAME."), empty.response().toString());
            assertEquals(T + "stream_create_response", empty.result().get("type").asText());
            assertEquals(List.of("type", "error"), fieldNames(empty.result()));
            assertEquals(500, empty.result().get("error").get("code").asInt());
            assertEquals(10062, empty.result().get("error").get("err_code").asInt());
            assertTrue(empty.result().get("error").get("description").asText().startsWith("restore failed: "));
            assertApiError(c.api("$JS.API.STREAM.INFO.RESTNONAME"), 404, 10059, "stream not found");
        }
    }

    @AllTargets
    void fileStreamRoundTrip(Target target) throws Exception {
        roundTrip(target, "RTFILE", "file");
    }

    @Test
    void memoryStreamRoundTripOnNatsj() throws Exception {
        roundTrip(Target.NATSJ, "RTMEM", "memory");
    }

    /** Snapshot, delete, restore: config, creation time, state and every message come back. */
    private static void roundTrip(Target target, String name, String storage) throws Exception {
        String subjects = name.toLowerCase() + ".>";
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", name, "subjects", List.of(subjects), "storage", storage,
                    "description", "round trip", "max_msgs_per_subject", 100, "duplicate_window", 60_000_000_000L));
            String base = name.toLowerCase() + ".";
            for (int i = 1; i <= 30; i++) {
                Headers h = null;
                if (i % 4 == 0) {
                    h = new Headers().add("X-I", String.valueOf(i));
                }
                c.publish(base + (i % 2 == 0 ? "a" : "b." + (i % 3)), h, "payload-" + i + "-" + "y".repeat(i * 10));
            }
            for (int seq : new int[] {5, 17, 30}) {
                assertTrue(c.api("$JS.API.STREAM.MSG.DELETE." + name, obj("seq", seq)).get("success").asBoolean());
            }
            String details = obj("deleted_details", true);
            JsonNode before = c.api("$JS.API.STREAM.INFO." + name, details);
            List<JsonNode> messages = messages(c, name, 31);

            Snapshot snap = SnapshotClient.snapshot(c, name, obj("deliver_subject", "deliver." + name));
            assertEquals(List.of("type", "config", "state"), fieldNames(snap.response()), snap.response().toString());
            SnapshotClient.assertEndMessage(snap.end());
            assertTrue(c.api("$JS.API.STREAM.DELETE." + name).get("success").asBoolean());

            Subscription createAdvisory = c.connection().subscribe("$JS.EVENT.ADVISORY.STREAM.RESTORE_CREATE." + name);
            Subscription completeAdvisory = c.connection()
                    .subscribe("$JS.EVENT.ADVISORY.STREAM.RESTORE_COMPLETE." + name);
            c.connection().flush(Duration.ofSeconds(3));
            ObjectNode request = JsClient.JSON.createObjectNode();
            request.set("config", before.get("config"));
            request.set("state", snap.response().get("state"));
            Restore r = SnapshotClient.restore(c, name, request.toString(), snap.bytes(), 1000);
            assertEquals(List.of("type", "deliver_subject"), fieldNames(r.response()));
            assertTrue(r.response().get("deliver_subject").asText().matches("\\$JS\\.SNAPSHOT\\.RESTORE\\." + name
                    + "\\.[^.]+"), r.response().toString());
            for (Message ack : r.acks()) {
                assertEquals(0, ack.getData() == null ? 0 : ack.getData().length, "acknowledgements are empty");
            }
            assertEquals(T + "stream_create_response", r.result().get("type").asText(), r.result().toString());
            assertEquals(List.of("type", "config", "created", "state"), fieldNames(r.result()));
            assertEquals(before.get("config"), r.result().get("config"));
            assertEquals(before.get("created"), r.result().get("created"));

            JsonNode after = c.api("$JS.API.STREAM.INFO." + name, details);
            assertEquals(before.get("config"), after.get("config"));
            assertEquals(before.get("created"), after.get("created"));
            if (target == Target.NATS_SERVER) {
                // nats-server 2.9.10 loses the time of a removed last message in a restore; natsj keeps it.
                ((ObjectNode) before.get("state")).remove("last_ts");
                ((ObjectNode) after.get("state")).remove("last_ts");
            }
            assertEquals(before.get("state"), after.get("state"));
            assertEquals(messages, messages(c, name, 31));
            assertEquals(31, c.publish(base + "a", "after").get("seq").asInt());

            JsonNode create = json(nextAdvisory(createAdvisory));
            assertEquals(List.of("type", "id", "timestamp", "stream", "client"), fieldNames(create));
            assertEquals("io.nats.jetstream.advisory.v1.restore_create", create.get("type").asText());
            Message completeMsg = nextAdvisory(completeAdvisory);
            assertEquals("$JS.EVENT.ADVISORY.STREAM.RESTORE_COMPLETE." + name, completeMsg.getSubject());
            JsonNode complete = json(completeMsg);
            assertEquals(List.of("type", "id", "timestamp", "stream", "start", "end", "bytes", "client"),
                    fieldNames(complete));
            assertTrue(complete.get("bytes").asLong() <= snap.bytes().length);
            if (target == Target.NATSJ) {
                assertEquals(snap.bytes().length, complete.get("bytes").asLong());
            }
        }
    }

    /** natsj restores a snapshot into the other storage kind with its messages (nats-server starts it empty). */
    @Test
    void restoreIntoTheOtherStorageKeepsTheMessagesOnNatsj() throws Exception {
        try (JsClient c = JsClient.connect(servers.get(Target.NATSJ).server())) {
            c.createStream(obj("name", "CONV", "subjects", List.of("conv.>")));
            for (int i = 1; i <= 12; i++) {
                c.publish("conv." + (i % 3), i % 2 == 0 ? new Headers().add("X-I", "" + i) : null, "m" + i);
            }
            c.api("$JS.API.STREAM.MSG.DELETE.CONV", obj("seq", 4));
            c.api("$JS.API.STREAM.MSG.DELETE.CONV", obj("seq", 1));
            List<JsonNode> messages = messages(c, "CONV", 12);
            String details = obj("deleted_details", true);
            JsonNode before = c.api("$JS.API.STREAM.INFO.CONV", details);
            for (String storage : List.of("memory", "file")) {
                Snapshot snap = SnapshotClient.snapshot(c, "CONV", obj("deliver_subject", "deliver.conv"));
                assertTrue(c.api("$JS.API.STREAM.DELETE.CONV").get("success").asBoolean());
                ObjectNode cfg = (ObjectNode) before.get("config").deepCopy();
                cfg.put("storage", storage);
                ObjectNode request = JsClient.JSON.createObjectNode();
                request.set("config", cfg);
                Restore r = SnapshotClient.restore(c, "CONV", request.toString(), snap.bytes(), 500);
                assertEquals(cfg, r.result().get("config"), r.result().toString());
                assertEquals(messages, messages(c, "CONV", 12));
                JsonNode state = c.api("$JS.API.STREAM.INFO.CONV", details).get("state");
                for (String field : List.of("messages", "first_seq", "last_seq", "last_ts", "num_subjects", "deleted")) {
                    assertEquals(before.get("state").get(field), state.get(field), field);
                }
            }
        }
    }

    private static Message nextAdvisory(Subscription advisories) throws InterruptedException {
        Message m = advisories.nextMessage(Duration.ofSeconds(3));
        assertNotNull(m, "advisory missing");
        return m;
    }

    /** @return each sequence's message get answer, errors included, from 1 to {@code last} */
    private static List<JsonNode> messages(JsClient c, String stream, int last) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int seq = 1; seq <= last; seq++) {
            out.add(c.api("$JS.API.STREAM.MSG.GET." + stream, obj("seq", seq)));
        }
        return out;
    }

    /** nats-server's up-front checks: the account's stream count and storage against the config. */
    @AllTargets
    void restoreOverTheAccountLimitsIsRefused(Target target, @TempDir Path dir) throws Exception {
        String config = "jetstream { store_dir: \"" + dir + "\" }\n"
                + "accounts { L { jetstream: { max_streams: 1, max_file: 10000 }, users: [ {user: l, password: l} ] } }";
        try (var server = target.start(config);
             JsClient c = JsClient.connect(server, "l", "l")) {
            c.createStream(obj("name", "ONE", "subjects", List.of("one")));
            String two = obj("config", json(obj("name", "TWO", "subjects", List.of("two"))));
            JsonNode r = c.api("$JS.API.STREAM.RESTORE.TWO", two);
            assertApiError(r, 400, 10027, "maximum number of streams reached");
            assertEquals("", r.get("deliver_subject").asText());
            assertTrue(c.api("$JS.API.STREAM.DELETE.ONE").get("success").asBoolean());
            r = c.api("$JS.API.STREAM.RESTORE.TWO",
                    obj("config", json(obj("name", "TWO", "subjects", List.of("two"), "max_bytes", 20000))));
            assertApiError(r, 500, 10047, "insufficient storage resources available");
        }
    }

    /** natsj also holds the bytes received against what the account may still store. */
    @Test
    void restoreBiggerThanTheAccountsRoomIsRefusedOnNatsj(@TempDir Path dir) throws Exception {
        String config = "jetstream { store_dir: \"" + dir + "\" }\n"
                + "accounts { L { jetstream: { max_file: 9000 }, users: [ {user: l, password: l} ] } }";
        try (var server = Target.NATSJ.start(config);
             JsClient c = JsClient.connect(server, "l", "l")) {
            c.createStream(obj("name", "BIG", "subjects", List.of("big")));
            for (int i = 0; i < 6; i++) {
                c.publish("big", "z".repeat(1000));
            }
            Snapshot snap = SnapshotClient.snapshot(c, "BIG", obj("deliver_subject", "deliver.big"));
            JsonNode cfg = snap.response().get("config");
            assertTrue(c.api("$JS.API.STREAM.DELETE.BIG").get("success").asBoolean());
            c.createStream(obj("name", "FILL", "subjects", List.of("fill")));
            for (int i = 0; i < 4; i++) {
                c.publish("fill", "z".repeat(1000));
            }
            ObjectNode request = JsClient.JSON.createObjectNode();
            request.set("config", cfg);
            Restore r = SnapshotClient.restore(c, "BIG", request.toString(), snap.bytes(), 1000);
            assertEquals(T + "stream_create_response", r.result().get("type").asText());
            assertApiError(r.result(), 500, 10047, "insufficient storage resources available");
            assertApiError(c.api("$JS.API.STREAM.INFO.BIG"), 404, 10059, "stream not found");
            // With room again, the same snapshot restores.
            assertTrue(c.api("$JS.API.STREAM.DELETE.FILL").get("success").asBoolean());
            r = SnapshotClient.restore(c, "BIG", request.toString(), snap.bytes(), 1000);
            assertEquals(6, r.result().get("state").get("messages").asInt(), r.result().toString());
            assertEquals("z".repeat(1000), new String(c.jsm().getLastMessage("BIG", "big").getData(), UTF_8));
        }
    }
}
