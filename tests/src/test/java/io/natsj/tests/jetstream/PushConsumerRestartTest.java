package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A durable push consumer of a file stream comes back unbound after a restart and goes on where it was. */
class PushConsumerRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @AllTargets
    void durablePushConsumerResumesAfterARestart(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir)) {
            PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("PRS").durable("D")
                    .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit)
                            .deliverSubject("prs.inbox").build()).build();
            try (JsClient c = JsClient.connect(server.server())) {
                c.createStream(obj("name", "PRS", "subjects", List.of("prs")));
                for (int i = 1; i <= 4; i++) {
                    c.publish("prs", "m" + i);
                }
                JetStreamSubscription sub = c.js().subscribe("prs", pso);
                for (int i = 1; i <= 2; i++) {
                    Message m = sub.nextMessage(WAIT);
                    assertEquals("m" + i, new String(m.getData(), UTF_8));
                    m.ackSync(WAIT);
                }
                // m3 and m4 went out too (push does not wait); only the first two are acked.
                PushConsumerTest.await("4 delivered", () -> {
                    try {
                        return c.jsm().getConsumerInfo("PRS", "D").getDelivered().getStreamSequence() == 4;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            server.restart();
            try (JsClient c = JsClient.connect(server.server())) {
                var info = c.jsm().getConsumerInfo("PRS", "D");
                assertFalse(info.isPushBound());
                assertEquals(2, info.getAckFloor().getStreamSequence());
                assertEquals("prs.inbox", info.getConsumerConfiguration().getDeliverSubject());
                c.publish("prs", "m5");
                JetStreamSubscription sub = c.js().subscribe("prs", pso);
                Message m5 = sub.nextMessage(WAIT);
                assertNotNull(m5);
                assertEquals("m5", new String(m5.getData(), UTF_8));
                m5.ackSync(WAIT);
                sub.unsubscribe();
            }
        }
    }
}
