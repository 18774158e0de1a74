package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key/Value buckets and object stores are streams, so they must survive what streams survive: a
 * clean restart on the same store directory and a {@code kill -9} of the server process, with
 * values, revisions, markers, history and the bucket's settings intact.
 */
class KeyValueRestartTest {

    private static final int KEYS = 200;

    @AllTargets
    void bucketsAndObjectsSurviveARestart(Target target, @TempDir Path storeDir) throws Exception {
        byte[] object = new byte[300_000];
        new Random(7).nextBytes(object);
        try (JetStreamServer server = JetStreamServer.start(target, storeDir)) {
            KeyValueStatus before;
            try (JsClient c = JsClient.connect(server.server())) {
                c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("KEPT")
                        .maxHistoryPerKey(3).description("kept").build());
                c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("GONE")
                        .storageType(StorageType.Memory).build());
                KeyValue kv = c.connection().keyValue("KEPT");
                kv.put("a", "a1");
                kv.put("a", "a2");
                kv.put("b", "b1");
                kv.delete("b");
                kv.put("c", "c1");
                kv.purge("c");
                c.connection().keyValue("GONE").put("x", "lost");
                c.connection().objectStoreManagement().create(ObjectStoreConfiguration.builder().name("OBJS").build());
                c.connection().objectStore("OBJS").put("blob", object);
                before = kv.getStatus();
            }
            server.restart();
            try (JsClient c = JsClient.connect(server.server())) {
                KeyValue kv = c.connection().keyValue("KEPT");
                KeyValueStatus after = kv.getStatus();
                assertEquals(before.getEntryCount(), after.getEntryCount());
                assertEquals(before.getByteCount(), after.getByteCount());
                assertEquals("kept", after.getDescription());
                assertEquals(3, after.getMaxHistoryPerKey());
                assertEquals("a2", kv.get("a").getValueAsString());
                assertEquals(2, kv.get("a").getRevision());
                assertNull(kv.get("b"));
                assertEquals(List.of("a"), kv.keys());
                assertEquals(List.of("PUT", "PUT"), kv.history("a").stream().map(e -> e.getOperation().name()).toList());
                assertEquals(List.of("PURGE"), kv.history("c").stream().map(e -> e.getOperation().name()).toList());
                // A memory bucket does not survive, definition included.
                assertEquals(List.of("KEPT"), c.connection().keyValueManagement().getBucketNames());
                // Revisions go on after the restart, and create still checks the last one.
                assertEquals(7, kv.create("b", "b2".getBytes(UTF_8)));
                ObjectStore os = c.connection().objectStore("OBJS");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                os.get("blob", out);
                assertArrayEquals(object, out.toByteArray());
            }
        }
    }

    @AllTargets
    void acknowledgedPutsSurviveKill9(Target target, @TempDir Path storeDir) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        try (JetStreamProcess server = JetStreamProcess.start(target, storeDir, 0)) {
            try (JsClient c = JsClient.connect(server)) {
                c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("CRASH")
                        .maxHistoryPerKey(2).build());
                KeyValue kv = c.connection().keyValue("CRASH");
                for (int i = 0; i < KEYS; i++) {
                    kv.put("k" + i, "v" + i + "-1");
                    if (i % 3 == 0) {
                        kv.put("k" + i, "v" + i + "-2");
                    }
                    if (i % 10 == 0) {
                        kv.delete("k" + i);
                    }
                }
                for (int i = 0; i < KEYS; i++) {
                    if (i % 10 != 0) {
                        expected.put("k" + i, "v" + i + (i % 3 == 0 ? "-2" : "-1"));
                    }
                }
                server.kill();
            }
            server.restart(0);
            check(server, expected);
            // A second crash, after writes made on the recovered store.
            try (JsClient c = JsClient.connect(server)) {
                KeyValue kv = c.connection().keyValue("CRASH");
                kv.put("after", "crash");
                expected.put("after", "crash");
                kv.delete("k1");
                expected.remove("k1");
                server.kill();
            }
            server.restart(0);
            check(server, expected);
        }
    }

    /** Checks every value and marker, then writes a probe (added to {@code expected}). */
    private static void check(ServerUnderTest server, Map<String, String> expected) throws Exception {
        try (JsClient c = JsClient.connect(server)) {
            KeyValue kv = c.connection().keyValue("CRASH");
            assertEquals(expected.keySet(), new TreeSet<>(kv.keys()));
            for (Map.Entry<String, String> e : expected.entrySet()) {
                KeyValueEntry entry = kv.get(e.getKey());
                assertEquals(e.getValue(), entry == null ? null : entry.getValueAsString(), e.getKey());
            }
            Set<String> deleted = new TreeSet<>();
            for (int i = 0; i < KEYS; i += 10) {
                assertNull(kv.get("k" + i));
                deleted.add(kv.history("k" + i).getLast().getOperation().name());
            }
            assertEquals(Set.of("DELETE"), deleted);
            long last = c.api("$JS.API.STREAM.INFO.KV_CRASH").get("state").get("last_seq").asLong();
            assertTrue(last > KEYS, "last_seq " + last);
            assertEquals(last + 1, kv.put("probe", "p"));
            expected.put("probe", "p");
        }
    }
}
