package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.MessageTtl;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key/Value edges on both servers: a bucket deleted under a live {@link KeyValue}, and jnats
 * options that need a newer server than 2.9.10 (metadata, compression, per-message TTLs,
 * limit markers), which both servers must treat alike.
 */
class KeyValueEdgeTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void putIntoADeletedBucketFails(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueManagement kvm = c.connection().keyValueManagement();
            kvm.create(KeyValueConfiguration.builder().name("EDGE_GONE").build());
            KeyValue kv = c.connection().keyValue("EDGE_GONE");
            kv.put("k", "v");
            kvm.delete("EDGE_GONE");
            // Nothing listens on the bucket's subjects any more: no responders.
            IOException put = assertThrows(IOException.class, () -> kv.put("k", "again"));
            assertEquals("Error Publishing: 503 No Responders Available For Request", put.getMessage());
            // The API's wildcard listener takes the direct get, and nobody answers it.
            IOException get = assertThrows(IOException.class, () -> kv.get("k"));
            assertEquals("Timeout or no response waiting for NATS JetStream server", get.getMessage());
        }
    }

    @AllTargets
    void metadataAndCompressionOfNewerServersAreIgnored(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            KeyValueStatus s = c.connection().keyValueManagement().create(KeyValueConfiguration.builder()
                    .name("EDGE_META").metadata(Map.of("owner", "me")).build());
            JsonNode config = c.api("$JS.API.STREAM.INFO.KV_EDGE_META").get("config");
            assertTrue(config.path("metadata").isMissingNode(), config.toString());
            assertEquals(Map.of(), s.getMetadata() == null ? Map.of() : s.getMetadata());
        }
    }

    @AllTargets
    void perMessageTtlNeedsANewerServer(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.connection().keyValueManagement().create(KeyValueConfiguration.builder().name("EDGE_TTL").build());
            KeyValue kv = c.connection().keyValue("EDGE_TTL");
            // jnats sends the TTL as a Nats-TTL header; 2.9.10 stores it as any header.
            assertEquals(1, kv.create("k", "v".getBytes(), MessageTtl.seconds(1)));
            JsonNode msg = c.api("$JS.API.STREAM.MSG.GET.KV_EDGE_TTL", "{\"seq\":1}").get("message");
            String hdrs = new String(Base64.getDecoder().decode(msg.get("hdrs").asText()), UTF_8);
            assertTrue(hdrs.contains("Nats-TTL"), hdrs);
            assertEquals("v", kv.get("k").getValueAsString());
        }
    }

    @AllTargets
    void limitMarkersNeedANewerServer(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            // jnats sends allow_msg_ttl and subject_delete_marker_ttl; 2.9.10 knows neither field
            // and ignores both, so the bucket is made without markers.
            KeyValueStatus s = c.connection().keyValueManagement().create(
                    KeyValueConfiguration.builder().name("EDGE_MARK").limitMarker(Duration.ofSeconds(5)).build());
            JsonNode config = c.api("$JS.API.STREAM.INFO.KV_EDGE_MARK").get("config");
            assertTrue(config.path("subject_delete_marker_ttl").isMissingNode(), config.toString());
            assertTrue(config.path("allow_msg_ttl").isMissingNode(), config.toString());
            assertNull(s.getLimitMarkerTtl());
        }
    }
}
