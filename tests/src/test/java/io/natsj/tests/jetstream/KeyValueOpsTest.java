package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.api.KeyResult;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValuePurgeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key/Value entries through jnats's {@link KeyValue} on both servers: revisions are stream
 * sequences, create and update are publishes with {@code Nats-Expected-Last-Subject-Sequence},
 * delete and purge are markers ({@code KV-Operation}, a purge also a {@code Nats-Rollup: sub}).
 */
class KeyValueOpsTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    private static KeyValue bucket(JsClient c, String name, int history) throws Exception {
        c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name(name)
                .maxHistoryPerKey(history).storageType(StorageType.File).build());
        return c.connection().keyValue(name);
    }

    private static List<String> ops(List<KeyValueEntry> entries) {
        return entries.stream().map(e -> e.getOperation() + ":" + e.getRevision()
                + (e.getValue() == null ? "" : "=" + e.getValueAsString())).toList();
    }

    @AllTargets
    void putAndGetCarryRevisionsAndDeltas(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "PUTGET", 1);
            assertEquals(1, kv.put("a", "one"));
            assertEquals(2, kv.put("b", 42));
            assertEquals(3, kv.put("a", "two".getBytes(UTF_8)));
            KeyValueEntry a = kv.get("a");
            assertEquals("PUTGET", a.getBucket());
            assertEquals("a", a.getKey());
            assertEquals("two", a.getValueAsString());
            assertEquals(3, a.getRevision());
            assertEquals(KeyValueOperation.PUT, a.getOperation());
            assertEquals(3, a.getDataLen());
            assertEquals(0, a.getDelta());
            assertEquals(42L, kv.get("b").getValueAsLong());
            assertNull(kv.get("missing"));
            // An empty value is a value, not a delete.
            assertEquals(4, kv.put("empty", new byte[0]));
            assertEquals(0, kv.get("empty").getDataLen());
            assertEquals(KeyValueOperation.PUT, kv.get("empty").getOperation());
            // Keys with dots and the allowed punctuation are subjects under $KV.<bucket>.
            assertEquals(5, kv.put("dotted.key/with=ok_-", "x"));
            assertEquals("x", kv.get("dotted.key/with=ok_-").getValueAsString());
        }
    }

    @AllTargets
    void createAndUpdateCheckTheRevision(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "CAS", 5);
            assertEquals(1, kv.create("k", "v1".getBytes(UTF_8)));
            JetStreamApiException exists = assertThrows(JetStreamApiException.class,
                    () -> kv.create("k", "again".getBytes(UTF_8)));
            assertEquals(10071, exists.getApiErrorCode());
            assertEquals(400, exists.getErrorCode());
            assertEquals("wrong last sequence: 1", exists.getErrorDescription());
            assertEquals(2, kv.update("k", "v2", 1));
            JetStreamApiException stale = assertThrows(JetStreamApiException.class, () -> kv.update("k", "v3", 1));
            assertEquals(10071, stale.getApiErrorCode());
            assertEquals("wrong last sequence: 2", stale.getErrorDescription());
            // Revision 0 means "the key must not exist".
            JetStreamApiException notNew = assertThrows(JetStreamApiException.class, () -> kv.update("k", "v3", 0));
            assertEquals("wrong last sequence: 2", notNew.getErrorDescription());
            assertEquals(3, kv.update("other", "o1", 0));
            // create succeeds over a delete marker: jnats retries on the marker's revision.
            kv.delete("k");
            assertEquals(5, kv.create("k", "reborn".getBytes(UTF_8)));
            kv.purge("k");
            assertEquals(7, kv.create("k", "after purge".getBytes(UTF_8)));
            // delete and purge with an expected revision.
            JetStreamApiException badDelete = assertThrows(JetStreamApiException.class, () -> kv.delete("k", 3));
            assertEquals("wrong last sequence: 7", badDelete.getErrorDescription());
            kv.delete("k", 7);
            assertNull(kv.get("k"));
            JetStreamApiException badPurge = assertThrows(JetStreamApiException.class, () -> kv.purge("other", 1));
            assertEquals("wrong last sequence: 3", badPurge.getErrorDescription());
            kv.purge("other", 3);
            assertEquals(List.of("PURGE:9"), ops(kv.history("other")));
        }
    }

    @AllTargets
    void deleteAndPurgeAreMarkers(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "MARKS", 10);
            kv.put("d", "d1");
            kv.put("d", "d2");
            kv.delete("d");
            kv.put("p", "p1");
            kv.put("p", "p2");
            kv.purge("p");
            assertNull(kv.get("d"));
            assertNull(kv.get("p"));
            assertEquals(List.of("PUT:1=d1", "PUT:2=d2", "DELETE:3"), ops(kv.history("d")));
            // The purge marker rolls up the key: only the marker is left.
            assertEquals(List.of("PURGE:6"), ops(kv.history("p")));
            assertEquals(4, kv.getStatus().getEntryCount());
            assertEquals("NATS/1.0\r\nKV-Operation:DEL\r\n\r\n", headers(c, "MARKS", "d"));
            assertEquals("NATS/1.0\r\nKV-Operation:PURGE\r\nNats-Rollup:sub\r\n\r\n", headers(c, "MARKS", "p"));
            // Deleting a key that never existed still writes a marker.
            kv.delete("never");
            assertEquals(List.of("DELETE:7"), ops(kv.history("never")));
            // The stream itself refuses message deletes (deny_delete), so markers are the only way.
            JsonNode refused = c.api("$JS.API.STREAM.MSG.DELETE.KV_MARKS", "{\"seq\":1}");
            JsClient.assertApiError(refused, 500, 10057, "message delete not permitted");
        }
    }

    private static String headers(JsClient c, String bucket, String key) throws Exception {
        JsonNode msg = c.api("$JS.API.STREAM.MSG.GET.KV_" + bucket,
                JsClient.obj("last_by_subj", "$KV." + bucket + "." + key)).get("message");
        return new String(Base64.getDecoder().decode(msg.get("hdrs").asText()), UTF_8);
    }

    @AllTargets
    void purgeDeletesRemovesMarkers(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "PDEL", 5);
            kv.put("keep", "k");
            kv.put("gone1", "x");
            kv.delete("gone1");
            kv.put("gone2", "y");
            kv.purge("gone2");
            // The purge marker rolled up gone2's value already.
            assertEquals(4, kv.getStatus().getEntryCount());
            // Markers younger than the threshold (30 minutes by default) stay, alone.
            kv.purgeDeletes();
            assertEquals(List.of("DELETE:3"), ops(kv.history("gone1")));
            assertEquals(List.of("PURGE:5"), ops(kv.history("gone2")));
            assertEquals(3, kv.getStatus().getEntryCount());
            kv.purgeDeletes(KeyValuePurgeOptions.builder().deleteMarkersNoThreshold().build());
            assertEquals(List.of(), kv.history("gone1"));
            assertEquals(List.of(), kv.history("gone2"));
            assertEquals(1, kv.getStatus().getEntryCount());
            assertEquals(List.of("keep"), kv.keys());
            assertEquals(6, kv.put("gone1", "back"));
        }
    }

    @AllTargets
    void historyKeepsTheLimitPerKey(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "HIST", 3);
            for (int i = 1; i <= 5; i++) {
                kv.put("h", "v" + i);
                kv.put("other", "o" + i);
            }
            assertEquals(List.of("PUT:5=v3", "PUT:7=v4", "PUT:9=v5"), ops(kv.history("h")));
            assertEquals(List.of(), kv.history("none"));
            assertEquals(6, kv.getStatus().getEntryCount());
        }
    }

    @AllTargets
    void keysWithAndWithoutDeletes(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "KEYS", 2);
            assertEquals(List.of(), kv.keys());
            kv.put("a.1", "x");
            kv.put("a.2", "x");
            kv.put("b.1", "x");
            kv.put("a.1", "y");
            kv.put("c", "x");
            kv.delete("c");
            kv.put("d", "x");
            kv.purge("d");
            assertEquals(Set.of("a.1", "a.2", "b.1"), new TreeSet<>(kv.keys()));
            assertEquals(Set.of("a.1", "a.2"), new TreeSet<>(kv.keys("a.*")));
            // Several filters need a 2.10 server; jnats refuses them against 2.9.10 (and so natsj).
            assertThrows(IllegalArgumentException.class, () -> kv.keys(List.of("a.1", "b.>")));
            assertEquals(Set.of("b.1"), new TreeSet<>(kv.keys(List.of("b.>"))));
            assertEquals(List.of(), kv.keys("c"));
            List<String> consumed = new ArrayList<>();
            LinkedBlockingQueue<KeyResult> q = kv.consumeKeys();
            for (KeyResult r = q.poll(5, TimeUnit.SECONDS); r != null && !r.isDone();
                    r = q.poll(5, TimeUnit.SECONDS)) {
                assertTrue(r.isKey(), String.valueOf(r.getException()));
                consumed.add(r.getKey());
            }
            assertEquals(Set.of("a.1", "a.2", "b.1"), new TreeSet<>(consumed));
            // With deletes: what the bucket's stream holds for every key, markers included.
            Set<String> all = new TreeSet<>();
            c.api("$JS.API.STREAM.INFO.KV_KEYS", "{\"subjects_filter\":\">\"}").get("state").get("subjects")
                    .fieldNames().forEachRemaining(all::add);
            assertEquals(Set.of("$KV.KEYS.a.1", "$KV.KEYS.a.2", "$KV.KEYS.b.1", "$KV.KEYS.c", "$KV.KEYS.d"), all);
        }
    }

    @AllTargets
    void getByRevision(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValue kv = bucket(c, "REV", 5);
            kv.put("r", "r1");
            kv.put("s", "s1");
            kv.put("r", "r2");
            kv.delete("r");
            assertEquals("r1", kv.get("r", 1).getValueAsString());
            assertEquals("r2", kv.get("r", 3).getValueAsString());
            // A revision of another key is not this key's.
            assertNull(kv.get("r", 2));
            assertNull(kv.get("r", 99));
            // A marker's revision: jnats reports no value.
            assertNull(kv.get("r", 4));
        }
    }

    @AllTargets
    void directGetOnAndOff(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            // A bucket made without allow_direct (as by an older client): jnats reads with MSG.GET.
            c.jsm().addStream(StreamConfiguration.builder().name("KV_NODIRECT").subjects("$KV.NODIRECT.>")
                    .maxMessagesPerSubject(3).allowRollup(true).denyDelete(true).allowDirect(false).build());
            KeyValue off = c.connection().keyValue("NODIRECT");
            KeyValue on = bucket(c, "DIRECT", 3);
            for (KeyValue kv : List.of(off, on)) {
                kv.put("k", "v1");
                kv.put("k", "v2");
                assertEquals("v2", kv.get("k").getValueAsString());
                assertEquals("v1", kv.get("k", 1).getValueAsString());
                assertNull(kv.get("nope"));
                kv.delete("k");
                assertNull(kv.get("k"));
                assertEquals(List.of("PUT:1=v1", "PUT:2=v2", "DELETE:3"), ops(kv.history("k")));
            }
            assertEquals(false, off.getStatus().getBackingStreamInfo().getConfiguration().getAllowDirect());
            // The direct get API answers on the bucket with it; for the other, the API's wildcard
            // listener takes the request and nobody answers (both servers).
            on.put("k", "v4");
            Message direct = c.connection().request("$JS.API.DIRECT.GET.KV_DIRECT",
                    "{\"last_by_subj\":\"$KV.DIRECT.k\"}".getBytes(UTF_8), JsClient.WAIT);
            assertEquals("v4", new String(direct.getData(), UTF_8));
            assertEquals("$KV.DIRECT.k", direct.getHeaders().getFirst("Nats-Subject"));
            CompletableFuture<Message> none = c.connection().request("$JS.API.DIRECT.GET.KV_NODIRECT",
                    "{\"last_by_subj\":\"$KV.NODIRECT.k\"}".getBytes(UTF_8));
            assertThrows(TimeoutException.class, () -> none.get(1, TimeUnit.SECONDS));
        }
    }
}
