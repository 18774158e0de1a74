package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.PushConsumerTest.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.ObjectStoreStatus;
import io.nats.client.api.ObjectStoreWatchOption;
import io.nats.client.api.ObjectStoreWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jnats's Object Store on both servers (ADR-20): a store is a stream {@code OBJ_<store>} with
 * chunks on {@code $O.<store>.C.<nuid>} and one rolled-up meta message per object on
 * {@code $O.<store>.M.<base64url name>}.
 */
class ObjectStoreTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    private static ObjectStore store(JsClient c, String name) throws Exception {
        c.connection().objectStoreManagement().create(ObjectStoreConfiguration.builder().name(name).build());
        return c.connection().objectStore(name);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String digest(byte[] data) throws Exception {
        return "SHA-256=" + Base64.getUrlEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static byte[] read(ObjectStore os, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        os.get(name, out);
        return out.toByteArray();
    }

    @AllTargets
    void createStatusListAndDeleteStores(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStoreManagement osm = c.connection().objectStoreManagement();
            ObjectStoreStatus created = osm.create(ObjectStoreConfiguration.builder().name("OS_CFG")
                    .description("objects").maxBucketSize(10 << 20).ttl(Duration.ofHours(2))
                    .storageType(StorageType.Memory).replicas(1).build());
            ObjectStoreStatus status = osm.getStatus("OS_CFG");
            for (ObjectStoreStatus s : List.of(created, status)) {
                assertEquals("OS_CFG", s.getBucketName());
                assertEquals("objects", s.getDescription());
                assertEquals(10 << 20, s.getMaxBucketSize());
                assertEquals(Duration.ofHours(2), s.getTtl());
                assertEquals(StorageType.Memory, s.getStorageType());
                assertEquals(1, s.getReplicas());
                assertEquals(0, s.getSize());
                assertFalse(s.isSealed());
                assertEquals("JetStream", s.getBackingStore());
            }
            JsonNode config = c.api("$JS.API.STREAM.INFO.OBJ_OS_CFG").get("config");
            assertEquals(List.of("$O.OS_CFG.M.>", "$O.OS_CFG.C.>"),
                    List.of(config.get("subjects").get(0).asText(), config.get("subjects").get(1).asText()));
            assertTrue(config.get("allow_rollup_hdrs").asBoolean());
            assertTrue(config.get("allow_direct").asBoolean());
            assertEquals("new", config.get("discard").asText());
            assertEquals(7_200_000_000_000L, config.get("max_age").asLong());
            store(c, "OS_OTHER");
            assertTrue(osm.getBucketNames().containsAll(List.of("OS_CFG", "OS_OTHER")), osm.getBucketNames().toString());
            assertEquals(osm.getBucketNames().size(), osm.getStatuses().size());
            osm.delete("OS_OTHER");
            assertFalse(osm.getBucketNames().contains("OS_OTHER"));
            JetStreamApiException e = assertThrows(JetStreamApiException.class, () -> osm.getStatus("OS_OTHER"));
            assertEquals(10059, e.getApiErrorCode());
        }
    }

    @AllTargets
    void putBytesGetAndInfo(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStore os = store(c, "OS_BYTES");
            byte[] data = "hello object store".getBytes(UTF_8);
            ObjectInfo put = os.put("greeting.txt", data);
            assertEquals("OS_BYTES", put.getBucket());
            assertEquals("greeting.txt", put.getObjectName());
            assertEquals(data.length, put.getSize());
            assertEquals(1, put.getChunks());
            assertEquals(digest(data), put.getDigest());
            assertFalse(put.isDeleted());
            ObjectInfo info = os.getInfo("greeting.txt");
            assertEquals(put.getNuid(), info.getNuid());
            assertEquals(put.getDigest(), info.getDigest());
            assertArrayEquals(data, read(os, "greeting.txt"));
            assertNull(os.getInfo("missing"));
            assertEquals(1, os.getStatus().getBackingStreamInfo().getStreamState().getSubjectCount() - 1);
            // An empty object: no chunks at all.
            ObjectInfo empty = os.put("empty", new byte[0]);
            assertEquals(0, empty.getChunks());
            assertEquals(0, read(os, "empty").length);
        }
    }

    @AllTargets
    void streamLargerThanTheChunkSizeAndOverOneMegabyte(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStore os = store(c, "OS_CHUNKS");
            byte[] data = bytes(50_000, 1);
            ObjectInfo small = os.put(ObjectMeta.builder("chunked").chunkSize(4096).description("13 chunks").build(),
                    new ByteArrayInputStream(data));
            assertEquals(13, small.getChunks());
            assertEquals(50_000, small.getSize());
            assertEquals(digest(data), small.getDigest());
            assertArrayEquals(data, read(os, "chunked"));
            byte[] big = bytes(3 * 1024 * 1024 + 17, 2);
            ObjectInfo large = os.put("big.bin", new ByteArrayInputStream(big));
            assertEquals(25, large.getChunks());
            assertEquals(big.length, large.getSize());
            assertArrayEquals(big, read(os, "big.bin"));
            assertEquals(digest(big), os.getInfo("big.bin").getDigest());
            // Replacing an object drops the old chunks.
            byte[] replaced = bytes(10_000, 3);
            os.put(ObjectMeta.builder("chunked").chunkSize(4096).build(), new ByteArrayInputStream(replaced));
            assertArrayEquals(replaced, read(os, "chunked"));
            JsonNode state = c.api("$JS.API.STREAM.INFO.OBJ_OS_CHUNKS").get("state");
            assertEquals(3 + 25 + 2, state.get("messages").asInt(), state.toString());
            assertTrue(os.getStatus().getSize() > big.length);
        }
    }

    @AllTargets
    void listDeleteAndUpdateMeta(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStore os = store(c, "OS_LIST");
            os.put("one", "1".getBytes(UTF_8));
            os.put("two", "22".getBytes(UTF_8));
            os.put("three", "333".getBytes(UTF_8));
            assertEquals(List.of("one", "two", "three"), os.getList().stream().map(ObjectInfo::getObjectName).toList());
            ObjectInfo deleted = os.delete("two");
            assertTrue(deleted.isDeleted());
            assertEquals(0, deleted.getSize());
            assertEquals(List.of("one", "three"), os.getList().stream().map(ObjectInfo::getObjectName).toList());
            assertNull(os.getInfo("two"));
            assertTrue(os.getInfo("two", true).isDeleted());
            assertThrows(IllegalArgumentException.class, () -> read(os, "two"));
            Headers h = new Headers().add("Content-Type", "text/plain");
            ObjectInfo renamed = os.updateMeta("three", ObjectMeta.builder("drei").description("renamed")
                    .headers(h).metadata(Map.of("lang", "de")).build());
            assertEquals("drei", renamed.getObjectName());
            assertEquals("renamed", renamed.getDescription());
            ObjectInfo drei = os.getInfo("drei");
            assertEquals("text/plain", drei.getHeaders().getFirst("Content-Type"));
            // jnats's updateMeta carries name, description and headers; metadata is not kept.
            assertEquals(Map.of(), drei.getMetaData());
            assertNull(os.getInfo("three"));
            assertArrayEquals("333".getBytes(UTF_8), read(os, "drei"));
            // Renaming onto an existing object is refused.
            assertThrows(IllegalArgumentException.class, () -> os.updateMeta("drei", ObjectMeta.objectName("one")));
            assertEquals(List.of("one", "drei"), os.getList().stream().map(ObjectInfo::getObjectName).toList());
        }
    }

    @AllTargets
    void linksToObjectsAndStores(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStore os = store(c, "OS_LINKS");
            ObjectStore other = store(c, "OS_LINKED");
            byte[] data = bytes(20_000, 4);
            ObjectInfo target1 = other.put("target", data);
            ObjectInfo link = os.addLink("alias", target1);
            assertTrue(link.isLink());
            assertEquals("OS_LINKED", link.getLink().getBucket());
            assertEquals("target", link.getLink().getObjectName());
            assertArrayEquals(data, read(os, "alias"));
            ObjectInfo bucketLink = os.addBucketLink("whole", other);
            assertTrue(bucketLink.getLink().isBucketLink());
            assertEquals("OS_LINKED", os.getInfo("whole").getLink().getBucket());
            // A link to a store is not an object to read.
            assertThrows(IllegalArgumentException.class, () -> read(os, "whole"));
            assertEquals(List.of("alias", "whole"), os.getList().stream().map(ObjectInfo::getObjectName).toList());
        }
    }

    @AllTargets
    void watchSeesPutsAndDeletes(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStore os = store(c, "OS_WATCH");
            os.put("before", "b".getBytes(UTF_8));
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicInteger ends = new AtomicInteger();
            ObjectStoreWatcher w = new ObjectStoreWatcher() {
                @Override
                public void watch(ObjectInfo info) {
                    seen.add(info.getObjectName() + (info.isDeleted() ? ":deleted" : ":" + info.getSize()));
                }

                @Override
                public void endOfData() {
                    ends.incrementAndGet();
                }
            };
            try (var sub = os.watch(w)) {
                await("end of data", () -> ends.get() == 1);
                assertEquals(List.of("before:1"), new ArrayList<>(seen));
                os.put("during", "dd".getBytes(UTF_8));
                os.delete("before");
                await("two updates", () -> seen.size() == 3);
                assertEquals(List.of("before:1", "during:2", "before:deleted"), new ArrayList<>(seen));
            }
            List<String> updates = new CopyOnWriteArrayList<>();
            AtomicInteger updateEnds = new AtomicInteger();
            try (var sub = os.watch(new ObjectStoreWatcher() {
                @Override
                public void watch(ObjectInfo info) {
                    updates.add(info.getObjectName());
                }

                @Override
                public void endOfData() {
                    updateEnds.incrementAndGet();
                }
            }, ObjectStoreWatchOption.UPDATES_ONLY, ObjectStoreWatchOption.IGNORE_DELETE)) {
                await("end of data", () -> updateEnds.get() == 1);
                os.delete("during");
                os.put("late", "l".getBytes(UTF_8));
                await("late put", () -> !updates.isEmpty());
                assertEquals(List.of("late"), new ArrayList<>(updates));
            }
        }
    }

    @AllTargets
    void sealMakesTheStoreReadOnly(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            ObjectStore os = store(c, "OS_SEAL");
            os.put("kept", "k".getBytes(UTF_8));
            ObjectStoreStatus sealed = os.seal();
            assertTrue(sealed.isSealed());
            assertTrue(c.connection().objectStoreManagement().getStatus("OS_SEAL").isSealed());
            JetStreamApiException e = assertThrows(JetStreamApiException.class,
                    () -> os.put("refused", "r".getBytes(UTF_8)));
            assertEquals(10109, e.getApiErrorCode(), e.toString());
            assertArrayEquals("k".getBytes(UTF_8), read(os, "kept"));
            assertEquals(List.of("kept"), os.getList().stream().map(ObjectInfo::getObjectName).toList());
        }
    }
}
