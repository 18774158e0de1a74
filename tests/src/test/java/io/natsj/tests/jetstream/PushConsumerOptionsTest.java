package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static io.natsj.tests.jetstream.PushConsumerTest.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push consumer options on both servers: rate_limit_bps, push_bound, headers_only with ack all. */
class PushConsumerOptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    /** rate_limit_bps: the bucket holds one max-size message, the rest come at the rate. */
    @AllTargets
    void rateLimitSpacesDeliveries(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PR", "subjects", List.of("pr"), "max_msg_size", 1000));
            for (int i = 0; i < 10; i++) {
                c.js().publish("pr", new byte[900]);
            }
            Subscription raw = c.connection().subscribe("pr.inbox");
            long start = System.nanoTime();
            // 8000 bytes a second: ten messages of about 1000 bytes take about a second.
            c.api("$JS.API.CONSUMER.CREATE.PR.R", obj("stream_name", "PR", "config", Map.of("durable_name", "R",
                    "deliver_subject", "pr.inbox", "ack_policy", "none", "rate_limit_bps", 64_000)));
            StringBuilder times = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                Message m = raw.nextMessage(WAIT);
                assertNotNull(m, "message " + i);
                times.append((System.nanoTime() - start) / 1_000_000).append('/').append(m.getReplyTo().length()).append(' ');
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 700 && ms < 4000, "ten messages took " + ms + " ms (arrivals ms/reply length: " + times + ")");
            raw.unsubscribe();
        }
    }

    /** jnats refuses a second plain subscriber to a push consumer that is bound (push_bound). */
    @AllTargets
    void boundConsumerRefusesSecondSubscriber(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PD", "subjects", List.of("pd")));
            PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("PD").durable("B").build();
            JetStreamSubscription first = c.js().subscribe("pd", pso);
            await("bound", () -> {
                try {
                    return c.jsm().getConsumerInfo("PD", "B").isPushBound();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> c.js().subscribe("pd", pso));
            assertTrue(e.getMessage().contains("already bound"), e.getMessage());
            first.unsubscribe();
        }
    }

    /** headers_only: the payload stays behind, its size goes in Nats-Msg-Size; ack all acks up to the message. */
    @AllTargets
    void headersOnlyAndAckAll(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PX", "subjects", List.of("px")));
            for (int i = 1; i <= 3; i++) {
                c.js().publish("px", ("body" + i).getBytes(UTF_8));
            }
            Subscription raw = c.connection().subscribe("px.inbox");
            c.api("$JS.API.CONSUMER.CREATE.PX.X", obj("stream_name", "PX", "config", Map.of("durable_name", "X",
                    "deliver_subject", "px.inbox", "ack_policy", "all", "headers_only", true)));
            Message last = null;
            for (int i = 1; i <= 3; i++) {
                last = raw.nextMessage(WAIT);
                assertNotNull(last);
                assertEquals(0, last.getData().length);
                assertEquals("5", last.getHeaders().getFirst("Nats-Msg-Size"));
            }
            last.ackSync(WAIT);
            ConsumerInfo info = c.jsm().getConsumerInfo("PX", "X");
            assertEquals(3, info.getAckFloor().getStreamSequence());
            assertEquals(0, info.getNumAckPending());
            raw.unsubscribe();
        }
    }
}
