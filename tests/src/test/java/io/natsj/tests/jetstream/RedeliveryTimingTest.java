package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When an unacknowledged message comes again: not before {@code ack_wait} after its last
 * delivery, and with {@code backoff} not before each step's delay in turn (the last step
 * repeating), until {@code max_deliver}. Measured by arrival times at the client, for a push
 * consumer and for a pull request left waiting; lower bounds are tight (less a little for the
 * network), upper bounds generous.
 */
class RedeliveryTimingTest {

    private static final long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_200);
    private static final long MS = 1_000_000L;

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void pushBackoffSteps(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "RTB", "subjects", List.of("rtb")));
            Subscription deliveries = c.connection().subscribe("rtb.deliver");
            c.connection().flush(Duration.ofSeconds(2));
            createConsumer(c, "RTB", obj("durable_name", "B", "ack_policy", "explicit", "deliver_subject",
                    "rtb.deliver", "backoff", List.of(300 * MS, 700 * MS, 1_100 * MS), "max_deliver", 5));
            c.publish("rtb", "x");
            // Delivery 1 at once, then after 300, 700, 1100 and (the last step again) 1100 ms.
            assertSpacing(deliveries, List.of(300L, 700L, 1_100L, 1_100L));
        }
    }

    @AllTargets
    void pullAckWait(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "RTA", "subjects", List.of("rta")));
            createConsumer(c, "RTA", obj("durable_name", "A", "ack_policy", "explicit", "ack_wait", 600 * MS,
                    "max_deliver", 3));
            Subscription inbox = c.connection().subscribe("rta.inbox");
            c.connection().flush(Duration.ofSeconds(2));
            // One request that waits long enough for every delivery.
            c.connection().publish("$JS.API.CONSUMER.MSG.NEXT.RTA.A", "rta.inbox",
                    obj("batch", 10, "expires", 10_000 * MS).getBytes(StandardCharsets.UTF_8));
            c.connection().flush(Duration.ofSeconds(2));
            c.publish("rta", "y");
            assertSpacing(inbox, List.of(600L, 600L));
        }
    }

    private static void createConsumer(JsClient c, String stream, String config) throws Exception {
        String durable = JsClient.json(config).get("durable_name").asText();
        JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE." + stream + "." + durable,
                obj("stream_name", stream, "config", JsClient.json(config)));
        assertFalse(r.has("error"), r.toString());
    }

    /**
     * Takes the first delivery and one more per gap, checks each gap against its lower and upper
     * bound, then that max_deliver stops them.
     */
    private static void assertSpacing(Subscription sub, List<Long> gapsMs) throws Exception {
        Message first = sub.nextMessage(Duration.ofSeconds(3));
        assertNotNull(first, "first delivery");
        long last = System.nanoTime();
        List<Long> measured = new ArrayList<>();
        for (int i = 0; i < gapsMs.size(); i++) {
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            long now = System.nanoTime();
            assertNotNull(m, "redelivery " + (i + 1) + " did not come; gaps so far " + measured);
            assertFalse(m.isStatusMessage(), m.toString());
            assertEquals(i + 2, m.metaData().deliveredCount(), m.getReplyTo());
            measured.add((now - last) / MS);
            long expected = gapsMs.get(i) * MS;
            assertTrue(now - last >= expected - EARLY_NANOS, "redelivery " + (i + 1) + " early: gaps " + measured
                    + " ms, expected " + gapsMs);
            assertTrue(now - last <= expected + LATE_NANOS, "redelivery " + (i + 1) + " late: gaps " + measured
                    + " ms, expected " + gapsMs);
            last = now;
        }
        // max_deliver reached: nothing more within twice the longest gap.
        Message extra = sub.nextMessage(Duration.ofMillis(2 * gapsMs.get(gapsMs.size() - 1)));
        assertNull(extra == null || extra.isStatusMessage() ? null : extra, "delivered past max_deliver");
    }
}
