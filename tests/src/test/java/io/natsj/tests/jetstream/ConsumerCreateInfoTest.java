package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answer to a consumer create is the consumer as it was made, before it delivered anything
 * (nats-server's initial info snapshot), even when a push consumer starts sending at once; a
 * durable with {@code inactive_threshold} is removed once idle, as an ephemeral is.
 */
class ConsumerCreateInfoTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void createAnswerPrecedesDelivery(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "CI", "subjects", List.of("ci")));
            for (int i = 1; i <= 5; i++) {
                c.publish("ci", "m" + i);
            }
            Subscription deliveries = c.connection().subscribe("cideliver");
            c.connection().flush(WAIT);
            JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE.CI.P", obj("stream_name", "CI", "config",
                    JsClient.json(obj("durable_name", "P", "ack_policy", "explicit", "deliver_subject", "cideliver"))));
            assertEquals(JsClient.json("{\"consumer_seq\":0,\"stream_seq\":0}"), r.get("delivered"), r.toString());
            assertEquals(5, r.get("num_pending").asInt(), r.toString());
            assertEquals(0, r.get("num_ack_pending").asInt(), r.toString());
            assertTrue(r.path("push_bound").asBoolean(), r.toString());
            for (int i = 0; i < 5; i++) {
                assertNotNull(deliveries.nextMessage(WAIT), "delivery " + (i + 1));
            }
            // An update answers with the consumer as it is now.
            r = c.api("$JS.API.CONSUMER.DURABLE.CREATE.CI.P", obj("stream_name", "CI", "config",
                    JsClient.json(obj("durable_name", "P", "ack_policy", "explicit", "deliver_subject", "cideliver",
                            "description", "updated"))));
            assertEquals(5, r.get("delivered").get("stream_seq").asInt(), r.toString());
            assertEquals(5, r.get("num_ack_pending").asInt(), r.toString());
        }
    }

    @AllTargets
    void idleDurableWithInactiveThresholdIsRemoved(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "CT", "subjects", List.of("ct")));
            JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE.CT.D", obj("stream_name", "CT", "config",
                    JsClient.json(obj("durable_name", "D", "ack_policy", "explicit",
                            "inactive_threshold", 400_000_000L))));
            assertFalse(r.has("error"), r.toString());
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(10).toNanos();
            while (!c.api("$JS.API.CONSUMER.INFO.CT.D").has("error")) {
                assertTrue(System.nanoTime() < deadline, "idle durable not removed");
                LockSupport.parkNanos(50_000_000L); // poll interval
            }
            assertTrue(System.nanoTime() - start >= 300_000_000L, "removed before its threshold");
        }
    }
}
