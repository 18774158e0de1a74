package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.json;
import static io.natsj.tests.jetstream.JsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stream create, update, info, names, list and delete over the raw API, with exact JSON. */
class StreamApiTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    /** nats-server 2.9.10's full stream config for a name and subjects with every default. */
    static ObjectNode defaultConfig(String name, String... subjects) {
        ObjectNode c = JsClient.JSON.createObjectNode().put("name", name);
        c.set("subjects", JsClient.JSON.valueToTree(List.of(subjects)));
        return c.put("retention", "limits").put("max_consumers", -1).put("max_msgs", -1).put("max_bytes", -1)
                .put("max_age", 0).put("max_msgs_per_subject", -1).put("max_msg_size", -1).put("discard", "old")
                .put("storage", "file").put("num_replicas", 1).put("duplicate_window", 120_000_000_000L)
                .put("allow_direct", false).put("mirror_direct", false).put("sealed", false)
                .put("deny_delete", false).put("deny_purge", false).put("allow_rollup_hdrs", false);
    }

    /** As {@link #defaultConfig}, with the description placed where nats-server puts it. */
    static ObjectNode describedConfig(String name, String description, String... subjects) {
        ObjectNode c = JsClient.JSON.createObjectNode().put("name", name).put("description", description);
        defaultConfig(name, subjects).properties().forEach(e -> c.set(e.getKey(), e.getValue()));
        return c;
    }

    /** The state of a stream that never held a message. */
    static JsonNode emptyState() {
        return json("""
                {"messages":0,"bytes":0,"first_seq":0,"first_ts":"0001-01-01T00:00:00Z","last_seq":0,\
                "last_ts":"0001-01-01T00:00:00Z","consumer_count":0}""");
    }

    @AllTargets
    void serverInfoAnnouncesJetStream(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            assertTrue(c.connection().getServerInfo().isJetStreamAvailable());
        }
    }

    @AllTargets
    void accountInfo(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode info = c.api("$JS.API.INFO");
            assertEquals("io.nats.jetstream.api.v1.account_info_response", info.get("type").asText());
            assertEquals(json("""
                    {"max_memory":-1,"max_storage":-1,"max_streams":-1,"max_consumers":-1,"max_ack_pending":-1,\
                    "memory_max_stream_bytes":-1,"storage_max_stream_bytes":-1,"max_bytes_required":false}"""),
                    info.get("limits"));
            for (String field : List.of("memory", "storage", "streams", "consumers")) {
                assertTrue(info.get(field).isIntegralNumber(), field + " in " + info);
            }
            assertTrue(info.get("api").get("total").isIntegralNumber(), info.toString());
            assertTrue(info.get("api").get("errors").isIntegralNumber(), info.toString());
            assertEquals(c.jsm().getAccountStatistics().getStreams(), c.api("$JS.API.INFO").get("streams").asLong());
        }
    }

    @AllTargets
    void createReturnsFullConfigAndEmptyState(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode reply = c.createStream(obj("name", "CREATED", "subjects", List.of("created.>")));
            assertEquals(defaultConfig("CREATED", "created.>"), reply.get("config"));
            assertEquals(emptyState(), reply.get("state"));
            assertTrue(reply.get("created").asText().endsWith("Z"), reply.toString());
            // The same config again is accepted and reported as created (idempotent create).
            JsonNode again = c.api("$JS.API.STREAM.CREATE.CREATED", obj("name", "CREATED", "subjects", List.of("created.>")));
            assertTrue(again.get("did_create").asBoolean(), again.toString());
            assertEquals(reply.get("created"), again.get("created"));
            JsonNode changed = c.api("$JS.API.STREAM.CREATE.CREATED", obj("name", "CREATED", "subjects", List.of("other.>")));
            assertApiError(changed, 400, 10058, "stream name already in use with a different configuration");
            assertEquals("io.nats.jetstream.api.v1.stream_create_response", changed.get("type").asText());
        }
    }

    @AllTargets
    void descriptionIsKeptAndMetadataIsDropped(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode reply = c.createStream(obj("name", "DESCRIBED", "subjects", List.of("described"),
                    "description", "a stream", "metadata", java.util.Map.of("k", "v")));
            ObjectNode expected = describedConfig("DESCRIBED", "a stream", "described");
            // 2.9.10 has no stream metadata: the field is silently dropped.
            assertEquals(expected, reply.get("config"));
            assertEquals(List.of("name", "description", "subjects"), fieldNames(reply.get("config")).subList(0, 3));
        }
    }

    @AllTargets
    void createErrors(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "OWNER", "subjects", List.of("owned.>")));
            String create = "$JS.API.STREAM.CREATE.";
            assertApiError(c.api(create + "OVERLAP", obj("name", "OVERLAP", "subjects", List.of("owned.x"))),
                    400, 10065, "subjects overlap with an existing stream");
            assertApiError(c.api(create + "R3", obj("name", "R3", "subjects", List.of("r3"), "num_replicas", 3)),
                    500, 10074, "replicas > 1 not supported in non-clustered mode");
            assertApiError(c.api(create + "NAMED", obj("name", "OTHER", "subjects", List.of("named"))),
                    400, 10056, "stream name in subject does not match request");
            assertApiError(c.api(create + "SEALED", obj("name", "SEALED", "subjects", List.of("sealed"), "sealed", true)),
                    500, 10052, "stream configuration for create can not be sealed");
            assertApiError(c.api(create + "AGE", obj("name", "AGE", "subjects", List.of("age"), "max_age", 50_000_000)),
                    500, 10052, "max age needs to be >= 100ms");
            assertApiError(c.api(create + "DW", obj("name", "DW", "subjects", List.of("dw"), "max_age", 1_000_000_000,
                    "duplicate_window", 5_000_000_000L)),
                    500, 10052, "duplicates window can not be larger then max age");
            assertApiError(c.api(create + "API", obj("name", "API", "subjects", List.of("$JS.API.foo"))),
                    500, 10052, "subjects overlap with jetstream api");
            assertApiError(c.api(create + "SPACE", obj("name", "SPACE", "subjects", List.of("a b"))),
                    500, 10052, "invalid subject");
            assertApiError(c.api(create + "DNPS", obj("name", "DNPS", "subjects", List.of("dnps"),
                    "discard_new_per_subject", true)),
                    500, 10052, "discard new per subject requires discard new policy to be set");
            assertApiError(c.api(create + "ROLL", obj("name", "ROLL", "subjects", List.of("roll"),
                    "allow_rollup_hdrs", true, "deny_purge", true)),
                    500, 10052, "roll-ups require the purge permission");
            assertFalse(c.jsm().getStreamNames().contains("OVERLAP"));
        }
    }

    @AllTargets
    void badJsonAndWrongTypesAreInvalidJson(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            for (String body : List.of("{bad json", "", "{\"name\":\"BAD\",\"subjects\":\"bad\"}",
                    "{\"name\":\"BAD\",\"max_msgs\":\"ten\"}", "{\"name\":\"BAD\",\"retention\":\"bogus\"}",
                    "{\"name\":\"BAD\",\"storage\":\"bogus\"}", "{\"name\":\"BAD\",\"discard\":\"bogus\"}")) {
                JsonNode reply = c.api("$JS.API.STREAM.CREATE.BAD", body);
                assertEquals(json("""
                        {"type":"io.nats.jetstream.api.v1.stream_create_response",\
                        "error":{"code":400,"err_code":10025,"description":"invalid JSON"}}"""), reply, body);
            }
        }
    }

    @AllTargets
    void unknownFieldsAreIgnored(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JsonNode reply = c.createStream("{\"name\":\"UNKNOWN\",\"subjects\":[\"unknown\"],\"bogus\":1}");
            assertEquals(defaultConfig("UNKNOWN", "unknown"), reply.get("config"));
        }
    }

    @AllTargets
    void update(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "UPD", "subjects", List.of("upd")));
            JsonNode updated = c.api("$JS.API.STREAM.UPDATE.UPD",
                    obj("name", "UPD", "subjects", List.of("upd", "upd2"), "description", "new"));
            assertEquals("io.nats.jetstream.api.v1.stream_update_response", updated.get("type").asText());
            ObjectNode expected = describedConfig("UPD", "new", "upd", "upd2");
            assertEquals(expected, updated.get("config"));
            assertFalse(updated.has("did_create"), updated.toString());
            assertApiError(c.api("$JS.API.STREAM.UPDATE.UPD", obj("name", "UPD", "subjects", List.of("upd"),
                    "storage", "memory")), 500, 10052, "stream configuration update can not change storage type");
            assertApiError(c.api("$JS.API.STREAM.UPDATE.UPD", obj("name", "UPD", "subjects", List.of("upd"),
                    "retention", "interest")), 500, 10052, "stream configuration update can not change retention policy");
            JsonNode missing = c.api("$JS.API.STREAM.UPDATE.NOPE", obj("name", "NOPE", "subjects", List.of("nope")));
            assertEquals("io.nats.jetstream.api.v1.stream_update_response", missing.get("type").asText());
            assertApiError(missing, 404, 10059, "stream not found");
            // A single server refuses replicas on create, yet an update may set them (2.9.10 has
            // no such check there): the stream keeps serving, and is no longer loaded after a restart.
            JsonNode r3 = c.api("$JS.API.STREAM.UPDATE.UPD", obj("name", "UPD", "subjects", List.of("upd"),
                    "num_replicas", 3));
            assertEquals(3, r3.get("config").get("num_replicas").asInt(), r3.toString());
            assertApiError(c.api("$JS.API.STREAM.UPDATE.UPD", obj("name", "UPD", "subjects", List.of("upd"),
                    "num_replicas", 6)), 500, 10052, "maximum replicas is 5");
            assertEquals(1, c.api("$JS.API.STREAM.UPDATE.UPD", obj("name", "UPD", "subjects", List.of("upd")))
                    .get("config").get("num_replicas").asInt());
        }
    }

    @AllTargets
    void infoOfMissingStream(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            assertEquals(json("""
                    {"type":"io.nats.jetstream.api.v1.stream_info_response",\
                    "error":{"code":404,"err_code":10059,"description":"stream not found"},\
                    "total":0,"offset":0,"limit":0}"""), c.api("$JS.API.STREAM.INFO.MISSING"));
        }
    }

    @AllTargets
    void infoWithSubjectsFilterAndDeletedDetails(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "DETAILS", "subjects", List.of("details.>")));
            for (int i = 1; i <= 5; i++) {
                c.publish("details." + (i % 2), "m" + i);
            }
            assertTrue(c.api("$JS.API.STREAM.MSG.DELETE.DETAILS", obj("seq", 3)).get("success").asBoolean());
            JsonNode plain = c.api("$JS.API.STREAM.INFO.DETAILS");
            assertEquals(0, plain.get("total").asInt());
            assertEquals(0, plain.get("limit").asInt());
            JsonNode state = plain.get("state");
            assertEquals(4, state.get("messages").asInt());
            assertEquals(1, state.get("first_seq").asInt());
            assertEquals(5, state.get("last_seq").asInt());
            assertEquals(2, state.get("num_subjects").asInt());
            assertEquals(1, state.get("num_deleted").asInt());
            assertFalse(state.has("subjects") || state.has("deleted"), state.toString());

            JsonNode detailed = c.api("$JS.API.STREAM.INFO.DETAILS", obj("subjects_filter", "details.1", "deleted_details", true));
            assertEquals(1, detailed.get("total").asInt());
            assertEquals(0, detailed.get("offset").asInt());
            assertEquals(100_000, detailed.get("limit").asInt());
            assertEquals(json("{\"details.1\":2}"), detailed.get("state").get("subjects"));
            assertEquals(json("[3]"), detailed.get("state").get("deleted"));
            assertEquals(List.of("messages", "bytes", "first_seq", "first_ts", "last_seq", "last_ts", "num_subjects",
                    "subjects", "num_deleted", "deleted", "consumer_count"), fieldNames(detailed.get("state")));

            JsonNode all = c.api("$JS.API.STREAM.INFO.DETAILS", obj("subjects_filter", ">"));
            assertEquals(json("{\"details.0\":2,\"details.1\":2}"), all.get("state").get("subjects"));
        }
    }

    @AllTargets
    void namesAndList(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "LISTED", "subjects", List.of("listed.>")));
            JsonNode filtered = c.api("$JS.API.STREAM.NAMES", obj("subject", "listed.x"));
            assertEquals(json("""
                    {"type":"io.nats.jetstream.api.v1.stream_names_response","total":1,"offset":0,"limit":1024,\
                    "streams":["LISTED"]}"""), filtered);
            JsonNode none = c.api("$JS.API.STREAM.NAMES", obj("subject", "unlisted.nowhere"));
            assertEquals(0, none.get("total").asInt(), none.toString());
            JsonNode names = c.api("$JS.API.STREAM.NAMES");
            assertTrue(names.get("streams").toString().contains("\"LISTED\""), names.toString());
            assertEquals(names.get("streams").size(), names.get("total").asInt());
            JsonNode list = c.api("$JS.API.STREAM.LIST");
            assertEquals("io.nats.jetstream.api.v1.stream_list_response", list.get("type").asText());
            assertEquals(256, list.get("limit").asInt());
            assertEquals(names.get("total"), list.get("total"));
            boolean found = false;
            for (JsonNode info : list.get("streams")) {
                if (info.get("config").get("name").asText().equals("LISTED")) {
                    assertEquals(defaultConfig("LISTED", "listed.>"), info.get("config"));
                    assertEquals(emptyState(), info.get("state"));
                    found = true;
                }
            }
            assertTrue(found, list.toString());
            assertEquals(List.of("LISTED"), c.jsm().getStreamNames("listed.y"));
        }
    }

    @AllTargets
    void delete(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "DOOMED", "subjects", List.of("doomed")));
            assertEquals(json("{\"type\":\"io.nats.jetstream.api.v1.stream_delete_response\",\"success\":true}"),
                    c.api("$JS.API.STREAM.DELETE.DOOMED"));
            assertEquals(json("""
                    {"type":"io.nats.jetstream.api.v1.stream_delete_response",\
                    "error":{"code":404,"err_code":10059,"description":"stream not found"}}"""),
                    c.api("$JS.API.STREAM.DELETE.DOOMED"));
            assertFalse(c.jsm().getStreamNames().contains("DOOMED"));
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
