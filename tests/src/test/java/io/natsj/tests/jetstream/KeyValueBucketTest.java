package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.PushConsumerTest.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.Republish;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key/Value buckets through jnats's {@link KeyValueManagement} on both servers: a bucket is a
 * stream {@code KV_<bucket>} on {@code $KV.<bucket>.>} (ADR-8), so create, update, status, list
 * and delete are stream API calls whose replies jnats reads back as bucket settings.
 */
class KeyValueBucketTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void createWithEveryOptionAndReadItBack(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueManagement kvm = c.connection().keyValueManagement();
            KeyValueStatus created = kvm.create(KeyValueConfiguration.builder().name("OPTS").description("all options")
                    .maxHistoryPerKey(7).ttl(Duration.ofHours(1)).maxValueSize(1024).maxBucketSize(1 << 20)
                    .storageType(StorageType.Memory).replicas(1).build());
            KeyValueStatus status = kvm.getStatus("OPTS");
            for (KeyValueStatus s : List.of(created, status)) {
                assertEquals("OPTS", s.getBucketName());
                assertEquals("all options", s.getDescription());
                assertEquals(7, s.getMaxHistoryPerKey());
                assertEquals(Duration.ofHours(1), s.getTtl());
                assertEquals(1024, s.getMaxValueSize());
                assertEquals(1 << 20, s.getMaxBucketSize());
                assertEquals(StorageType.Memory, s.getStorageType());
                assertEquals(1, s.getReplicas());
                assertEquals(0, s.getEntryCount());
                assertEquals("JetStream", s.getBackingStore());
            }
            StreamConfiguration sc = status.getBackingStreamInfo().getConfiguration();
            assertEquals("KV_OPTS", sc.getName());
            assertEquals(List.of("$KV.OPTS.>"), sc.getSubjects());
            assertTrue(sc.getAllowRollup());
            assertTrue(sc.getDenyDelete());
            assertTrue(sc.getAllowDirect());
            assertEquals(DiscardPolicy.New, sc.getDiscardPolicy());
            assertEquals(7, sc.getMaxMsgsPerSubject());
            // The raw reply: what the stream really holds, not jnats's reading of it.
            JsonNode config = c.api("$JS.API.STREAM.INFO.KV_OPTS").get("config");
            assertEquals(3_600_000_000_000L, config.get("max_age").asLong());
            assertEquals(120_000_000_000L, config.get("duplicate_window").asLong());
            assertEquals(1024, config.get("max_msg_size").asInt());
            assertEquals(-1, config.get("max_msgs").asInt());
            assertEquals("limits", config.get("retention").asText());
            assertEquals("memory", config.get("storage").asText());
            assertFalse(config.get("mirror_direct").asBoolean());
            assertFalse(config.get("sealed").asBoolean());
            assertFalse(config.get("deny_purge").asBoolean());
        }
    }

    @AllTargets
    void defaultsAreFileStorageOneValueUnlimited(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueStatus s = c.connection().keyValueManagement().create(
                    KeyValueConfiguration.builder().name("DEFAULTS").build());
            assertEquals(1, s.getMaxHistoryPerKey());
            assertEquals(StorageType.File, s.getStorageType());
            assertEquals(-1, s.getMaxBucketSize());
            assertEquals(-1, s.getMaxValueSize());
            assertEquals(Duration.ZERO, s.getTtl());
            assertNull(s.getDescription());
            JsonNode config = c.api("$JS.API.STREAM.INFO.KV_DEFAULTS").get("config");
            assertEquals("file", config.get("storage").asText());
            assertEquals(120_000_000_000L, config.get("duplicate_window").asLong());
        }
    }

    @AllTargets
    void updateChangesHistoryTtlAndDescription(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueManagement kvm = c.connection().keyValueManagement();
            kvm.create(KeyValueConfiguration.builder().name("UPD").maxHistoryPerKey(2).build());
            KeyValue kv = c.connection().keyValue("UPD");
            for (int i = 0; i < 4; i++) {
                kv.put("k", "v" + i);
            }
            assertEquals(2, kv.history("k").size());
            KeyValueStatus updated = kvm.update(KeyValueConfiguration.builder().name("UPD").maxHistoryPerKey(5)
                    .description("more history").ttl(Duration.ofMinutes(10)).build());
            assertEquals(5, updated.getMaxHistoryPerKey());
            assertEquals("more history", updated.getDescription());
            assertEquals(Duration.ofMinutes(10), updated.getTtl());
            for (int i = 4; i < 8; i++) {
                kv.put("k", "v" + i);
            }
            assertEquals(List.of("v3", "v4", "v5", "v6", "v7"),
                    kv.history("k").stream().map(e -> e.getValueAsString()).toList());
            assertEquals(5, kvm.getBucketInfo("UPD").getEntryCount());
            // A storage change is refused by the server, as for any stream.
            JetStreamApiException e = assertThrows(JetStreamApiException.class, () -> kvm.update(
                    KeyValueConfiguration.builder().name("UPD").maxHistoryPerKey(5).storageType(StorageType.Memory)
                            .build()));
            assertEquals(10052, e.getApiErrorCode());
            assertEquals(500, e.getErrorCode());
        }
    }

    @AllTargets
    void createTwiceWithOtherSettingsIsRefused(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueManagement kvm = c.connection().keyValueManagement();
            KeyValueConfiguration config = KeyValueConfiguration.builder().name("TWICE").maxHistoryPerKey(3).build();
            kvm.create(config);
            // The same settings again: idempotent.
            assertEquals(3, kvm.create(config).getMaxHistoryPerKey());
            JetStreamApiException e = assertThrows(JetStreamApiException.class, () -> kvm.create(
                    KeyValueConfiguration.builder().name("TWICE").maxHistoryPerKey(4).build()));
            assertEquals(10058, e.getApiErrorCode());
            assertEquals("stream name already in use with a different configuration", e.getErrorDescription());
        }
    }

    @AllTargets
    void listAndDeleteBuckets(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueManagement kvm = c.connection().keyValueManagement();
            // A plain stream is not a bucket; only KV_ streams are listed.
            c.createStream(JsClient.obj("name", "NOT_A_BUCKET", "subjects", List.of("plain.list")));
            kvm.create(KeyValueConfiguration.builder().name("LIST_A").build());
            kvm.create(KeyValueConfiguration.builder().name("LIST_B").description("b").build());
            Set<String> names = new TreeSet<>(kvm.getBucketNames());
            assertTrue(names.containsAll(Set.of("LIST_A", "LIST_B")), names.toString());
            assertFalse(names.contains("NOT_A_BUCKET"), names.toString());
            Set<String> statuses = kvm.getStatuses().stream().map(KeyValueStatus::getBucketName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(names, statuses);
            c.connection().keyValue("LIST_A").put("x", "1");
            kvm.delete("LIST_A");
            assertFalse(kvm.getBucketNames().contains("LIST_A"));
            JetStreamApiException e = assertThrows(JetStreamApiException.class, () -> kvm.getStatus("LIST_A"));
            assertEquals(10059, e.getApiErrorCode());
            assertEquals(404, e.getErrorCode());
            e = assertThrows(JetStreamApiException.class, () -> kvm.delete("LIST_A"));
            assertEquals(10059, e.getApiErrorCode());
            // jnats checks that the bucket exists before handing out a KeyValue.
            assertThrows(Exception.class, () -> c.connection().keyValue("LIST_A").get("x"));
        }
    }

    @AllTargets
    void valueAndBucketLimitsRefusePuts(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("LIMITS")
                    .maxValueSize(100).maxBucketSize(1000).maxHistoryPerKey(1).build());
            KeyValue kv = c.connection().keyValue("LIMITS");
            kv.put("small", new byte[100]);
            JetStreamApiException big = assertThrows(JetStreamApiException.class, () -> kv.put("big", new byte[101]));
            assertEquals(10054, big.getApiErrorCode());
            assertEquals("message size exceeds maximum allowed", big.getErrorDescription());
            // nats-server 2.9.10 keeps discard "new" from refusing a put when the bucket has a
            // history limit (max_msgs_per_subject): the oldest values go instead, to max_bytes.
            for (int i = 0; i < 20; i++) {
                kv.put("k" + i, new byte[100]);
            }
            KeyValueStatus status = kv.getStatus();
            assertEquals(864, status.getByteCount());
            assertEquals(6, status.getEntryCount());
            assertNull(kv.get("small"));
            assertNull(kv.get("k13"));
            assertEquals(100, kv.get("k14").getValue().length);
            assertEquals(21, kv.get("k19").getRevision());
        }
    }

    @AllTargets
    void republishCopiesChangesToAPlainSubject(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server());
                RawClient raw = RawClient.connect(servers.get(target).server())) {
            raw.send("SUB repub.> 1\r\n").sync();
            Subscription all = c.connection().subscribe("repub.>");
            Subscription meta = c.connection().subscribe("meta.>");
            c.connection().flush(JsClient.WAIT);
            KeyValueManagement kvm = c.connection().keyValueManagement();
            KeyValueStatus s = kvm.create(KeyValueConfiguration.builder().name("REPUB").maxHistoryPerKey(3)
                    .republish(Republish.builder().source("$KV.REPUB.>").destination("repub.>").build()).build());
            assertEquals("repub.>", s.getRepublish().getDestination());
            // A '>' in the destination needs one in the source.
            JetStreamApiException bad = assertThrows(JetStreamApiException.class, () -> kvm.create(
                    KeyValueConfiguration.builder().name("REPUB_BAD").republish(Republish.builder()
                            .source("$KV.REPUB_BAD.*").destination("meta.{{wildcard(1)}}.>").build()).build()));
            assertEquals("stream configuration for republish not valid", bad.getErrorDescription());
            kvm.create(KeyValueConfiguration.builder().name("REPUB_META")
                    .republish(Republish.builder().source("$KV.REPUB_META.*").destination("meta.$1.{{wildcard(1)}}")
                            .headersOnly(true).build()).build());
            KeyValue kv = c.connection().keyValue("REPUB");
            kv.put("a", "a1");
            kv.put("a", "a2");
            kv.delete("a");
            Message m1 = all.nextMessage(JsClient.WAIT);
            assertEquals("repub.a", m1.getSubject());
            assertEquals("a1", new String(m1.getData(), UTF_8));
            assertEquals("KV_REPUB", m1.getHeaders().getFirst("Nats-Stream"));
            assertEquals("$KV.REPUB.a", m1.getHeaders().getFirst("Nats-Subject"));
            assertEquals("1", m1.getHeaders().getFirst("Nats-Sequence"));
            assertEquals("0", m1.getHeaders().getFirst("Nats-Last-Sequence"));
            Message m2 = all.nextMessage(JsClient.WAIT);
            assertEquals("1", m2.getHeaders().getFirst("Nats-Last-Sequence"));
            Message m3 = all.nextMessage(JsClient.WAIT);
            assertEquals("DEL", m3.getHeaders().getFirst("KV-Operation"));
            // Byte for byte: the marker's own header first, then the stream's, in this order.
            String hdr1 = "NATS/1.0\r\nNats-Stream: KV_REPUB\r\nNats-Subject: $KV.REPUB.a\r\nNats-Sequence: 1\r\n"
                    + "Nats-Last-Sequence: 0\r\n\r\n";
            // nats-server 2.9.10 writes an empty reply of its internal clients as a second space
            // ("HMSG repub.a 1  103 105"); natsj writes one. Clients read both the same.
            assertEquals("HMSG repub.a 1 " + hdr1.length() + " " + (hdr1.length() + 2), controlLine(raw));
            assertEquals(hdr1 + "a1\r\n", new String(raw.readBytes(hdr1.length() + 4), UTF_8));
            raw.readBytes(Integer.parseInt(controlLine(raw).split(" ")[4]) + 2);
            String hdr3 = "NATS/1.0\r\nKV-Operation:DEL\r\nNats-Stream: KV_REPUB\r\nNats-Subject: $KV.REPUB.a\r\n"
                    + "Nats-Sequence: 3\r\nNats-Last-Sequence: 2\r\n\r\n";
            assertEquals("HMSG repub.a 1 " + hdr3.length() + " " + hdr3.length(), controlLine(raw));
            assertEquals(hdr3 + "\r\n", new String(raw.readBytes(hdr3.length() + 2), UTF_8));
            c.connection().keyValue("REPUB_META").put("k", "12345");
            Message m4 = meta.nextMessage(JsClient.WAIT);
            assertEquals("meta.k.k", m4.getSubject());
            assertEquals(0, m4.getData().length);
            assertEquals("5", m4.getHeaders().getFirst("Nats-Msg-Size"));
            // Not changeable afterwards; and the destination may not feed the bucket again.
            JetStreamApiException e = assertThrows(JetStreamApiException.class, () -> kvm.update(
                    KeyValueConfiguration.builder().name("REPUB").maxHistoryPerKey(3).build()));
            assertEquals("stream configuration update can not change RePublish", e.getErrorDescription());
            e = assertThrows(JetStreamApiException.class, () -> kvm.create(KeyValueConfiguration.builder()
                    .name("CYCLE").republish(Republish.builder().source(">").destination("$KV.CYCLE.x.>").build()).build()));
            assertEquals("stream configuration for republish destination forms a cycle", e.getErrorDescription());
            e = assertThrows(JetStreamApiException.class, () -> kvm.create(KeyValueConfiguration.builder()
                    .name("OUTSIDE").republish(Republish.builder().source("other.>").destination("x.>").build())
                    .build()));
            assertEquals("stream configuration for republish source is not valid subset of subjects",
                    e.getErrorDescription());
            assertEquals(10052, e.getApiErrorCode());
        }
    }

    private static String controlLine(RawClient raw) {
        return raw.readLine().replace("  ", " ");
    }

    @AllTargets
    void ttlExpiresValues(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("TTL")
                    .ttl(Duration.ofMillis(1500)).storageType(StorageType.Memory).build());
            KeyValue kv = c.connection().keyValue("TTL");
            kv.put("short", "lived");
            assertEquals("lived", kv.get("short").getValueAsString());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (kv.get("short") != null) {
                assertTrue(System.nanoTime() < deadline, "value not expired");
                Thread.sleep(50);
            }
            await("bucket empty", () -> {
                try {
                    return kv.getStatus().getEntryCount() == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(List.of(), kv.keys());
            // The revision keeps counting after the expiry.
            assertEquals(2, kv.put("short", "again"));
        }
    }
}
