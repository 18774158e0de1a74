package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A durable consumer of a file stream keeps its config and state (delivered, acks, pending) across a restart. */
class ConsumerRestartTest {

    @AllTargets
    void durableStateSurvivesARestart(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamServer server = JetStreamServer.start(target, storeDir)) {
            JsonNode before;
            try (JsClient c = JsClient.connect(server.server())) {
                c.createStream(obj("name", "CR", "subjects", List.of("cr")));
                for (int i = 1; i <= 5; i++) {
                    c.publish("cr", "m" + i);
                }
                c.jsm().addOrUpdateConsumer("CR", ConsumerConfiguration.builder().durable("D")
                        .ackPolicy(AckPolicy.Explicit).description("kept").build());
                JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind("CR", "D"));
                List<Message> got = sub.fetch(3, Duration.ofSeconds(2));
                assertEquals(3, got.size());
                got.get(0).ackSync(Duration.ofSeconds(2));
                got.get(2).ackSync(Duration.ofSeconds(2));
                before = c.api("$JS.API.CONSUMER.INFO.CR.D");
            }
            server.restart();
            try (JsClient c = JsClient.connect(server.server())) {
                JsonNode after = c.api("$JS.API.CONSUMER.INFO.CR.D");
                // nats-server 2.9.10 gives a recovered consumer a new "created"; natsj keeps the first.
                for (String f : List.of("config", "num_ack_pending", "num_pending", "num_redelivered")) {
                    assertEquals(before.get(f), after.get(f), f + " in " + after);
                }
                assertEquals(before.get("delivered").get("stream_seq"), after.get("delivered").get("stream_seq"));
                assertEquals(before.get("delivered").get("consumer_seq"), after.get("delivered").get("consumer_seq"));
                assertEquals(before.get("ack_floor").get("stream_seq"), after.get("ack_floor").get("stream_seq"));
                assertEquals(1, after.get("ack_floor").get("stream_seq").asInt(), after.toString());
                assertEquals(1, after.get("num_ack_pending").asInt(), after.toString());
                JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind("CR", "D"));
                List<String> next = new ArrayList<>();
                for (Message m : sub.fetch(5, Duration.ofMillis(700))) {
                    next.add(new String(m.getData(), UTF_8));
                    m.ackSync(Duration.ofSeconds(2));
                }
                assertEquals(List.of("m4", "m5"), next);
                JsonNode info = c.api("$JS.API.CONSUMER.INFO.CR.D");
                assertEquals(1, info.get("num_ack_pending").asInt(), info.toString());
                assertEquals(1, info.get("ack_floor").get("stream_seq").asInt(), info.toString());
                assertEquals(1, c.api("$JS.API.INFO").get("consumers").asInt());
            }
        }
    }
}
