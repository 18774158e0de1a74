package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pull consumers through jnats (fetch, ack, nak, term, ackSync, redelivery, retention) on both servers. */
class PullConsumerTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    private static JetStreamSubscription pull(JsClient c, String stream, String subject, ConsumerConfiguration cc)
            throws Exception {
        c.jsm().addOrUpdateConsumer(stream, cc);
        return c.js().subscribe(null, PullSubscribeOptions.bind(stream, cc.getDurable()));
    }

    private static List<String> bodies(List<Message> msgs) {
        List<String> out = new ArrayList<>();
        msgs.forEach(m -> out.add(new String(m.getData(), UTF_8)));
        return out;
    }

    @AllTargets
    void fetchAckAndInfo(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PF", "subjects", List.of("pf.>")));
            JetStream js = c.js();
            for (int i = 1; i <= 5; i++) {
                js.publish("pf." + (i % 2 == 0 ? "even" : "odd"), ("m" + i).getBytes(UTF_8));
            }
            JetStreamSubscription sub = pull(c, "PF", "pf.>", ConsumerConfiguration.builder().durable("W")
                    .ackPolicy(AckPolicy.Explicit).build());
            List<Message> got = sub.fetch(3, Duration.ofSeconds(2));
            assertEquals(List.of("m1", "m2", "m3"), bodies(got));
            assertEquals("pf.odd", got.get(0).getSubject());
            assertEquals(1, got.get(0).metaData().streamSequence());
            assertEquals(4, got.get(0).metaData().pendingCount());
            got.get(0).ack();
            got.get(1).ackSync(Duration.ofSeconds(2));
            ConsumerInfo info = c.jsm().getConsumerInfo("PF", "W");
            assertEquals(2, info.getNumPending());
            assertEquals(1, info.getNumAckPending());
            assertEquals(3, info.getDelivered().getStreamSequence());
            assertEquals(2, info.getAckFloor().getStreamSequence());
            List<Message> rest = sub.fetch(10, Duration.ofMillis(500));
            assertEquals(List.of("m4", "m5"), bodies(rest));
            JsonNode raw = c.api("$JS.API.CONSUMER.INFO.PF.W");
            assertEquals(0, raw.get("num_pending").asInt(), raw.toString());
            assertEquals(3, raw.get("num_ack_pending").asInt(), raw.toString());
            assertEquals(1, c.api("$JS.API.STREAM.INFO.PF").get("state").get("consumer_count").asInt());
        }
    }

    @AllTargets
    void nakRedeliversAndTermStops(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PN", "subjects", List.of("pn")));
            c.js().publish("pn", "a".getBytes(UTF_8));
            c.js().publish("pn", "b".getBytes(UTF_8));
            JetStreamSubscription sub = pull(c, "PN", "pn", ConsumerConfiguration.builder().durable("N")
                    .ackPolicy(AckPolicy.Explicit).build());
            List<Message> first = sub.fetch(2, Duration.ofSeconds(2));
            assertEquals(List.of("a", "b"), bodies(first));
            first.get(0).nak();
            first.get(1).term();
            List<Message> again = sub.fetch(2, Duration.ofMillis(700));
            assertEquals(List.of("a"), bodies(again));
            assertEquals(2, again.get(0).metaData().deliveredCount());
            assertEquals(3, again.get(0).metaData().consumerSequence());
            again.get(0).ackSync(Duration.ofSeconds(2));
            JsonNode info = c.api("$JS.API.CONSUMER.INFO.PN.N");
            assertEquals(0, info.get("num_ack_pending").asInt(), info.toString());
            assertEquals(2, info.get("ack_floor").get("stream_seq").asInt(), info.toString());
        }
    }

    @AllTargets
    void ackWaitRedeliversUntilMaxDeliver(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PW", "subjects", List.of("pw")));
            c.js().publish("pw", "x".getBytes(UTF_8));
            JetStreamSubscription sub = pull(c, "PW", "pw", ConsumerConfiguration.builder().durable("A")
                    .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofMillis(300)).maxDeliver(2).build());
            assertEquals(1, sub.fetch(1, Duration.ofSeconds(2)).size());
            List<Message> second = sub.fetch(1, Duration.ofSeconds(2));
            assertEquals(1, second.size());
            assertEquals(2, second.get(0).metaData().deliveredCount());
            assertTrue(sub.fetch(1, Duration.ofMillis(900)).isEmpty());
            JsonNode info = c.api("$JS.API.CONSUMER.INFO.PW.A");
            assertEquals(1, info.get("num_redelivered").asInt(), info.toString());
        }
    }

    @AllTargets
    void workQueueRemovesAckedMessages(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PQ", "subjects", List.of("pq.>"), "retention", "workqueue"));
            for (int i = 0; i < 3; i++) {
                c.js().publish("pq.a", ("w" + i).getBytes(UTF_8));
            }
            JsonNode none = c.api("$JS.API.CONSUMER.CREATE.PQ.Q2",
                    obj("stream_name", "PQ", "config", Map.of("durable_name", "Q2", "ack_policy", "none")));
            JsClient.assertApiError(none, 400, 10084, "consumer in pull mode requires ack policy");
            JetStreamSubscription sub = pull(c, "PQ", "pq.>", ConsumerConfiguration.builder().durable("Q")
                    .ackPolicy(AckPolicy.Explicit).build());
            JsonNode second = c.api("$JS.API.CONSUMER.CREATE.PQ.Q3", obj("stream_name", "PQ", "config",
                    Map.of("durable_name", "Q3", "ack_policy", "explicit", "filter_subject", "pq.a")));
            JsClient.assertApiError(second, 400, 10100, "filtered consumer not unique on workqueue stream");
            for (Message m : sub.fetch(2, Duration.ofSeconds(2))) {
                m.ackSync(Duration.ofSeconds(2));
            }
            assertEquals(1, c.api("$JS.API.STREAM.INFO.PQ").get("state").get("messages").asInt());
        }
    }

    @AllTargets
    void interestStreamKeepsMessagesUntilEveryConsumerAcked(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PI", "subjects", List.of("pi"), "retention", "interest"));
            c.js().publish("pi", "lost".getBytes(UTF_8));
            JetStreamSubscription a = pull(c, "PI", "pi", ConsumerConfiguration.builder().durable("IA")
                    .ackPolicy(AckPolicy.Explicit).build());
            JetStreamSubscription b = pull(c, "PI", "pi", ConsumerConfiguration.builder().durable("IB")
                    .ackPolicy(AckPolicy.Explicit).build());
            c.js().publish("pi", "kept".getBytes(UTF_8));
            assertEquals(1, c.api("$JS.API.STREAM.INFO.PI").get("state").get("messages").asInt());
            Message ma = a.fetch(1, Duration.ofSeconds(2)).get(0);
            assertEquals("kept", new String(ma.getData(), UTF_8));
            ma.ackSync(Duration.ofSeconds(2));
            assertEquals(1, c.api("$JS.API.STREAM.INFO.PI").get("state").get("messages").asInt());
            b.fetch(1, Duration.ofSeconds(2)).get(0).ackSync(Duration.ofSeconds(2));
            assertEquals(0, c.api("$JS.API.STREAM.INFO.PI").get("state").get("messages").asInt());
        }
    }

    @AllTargets
    void maxAckPendingHoldsDeliveries(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PM", "subjects", List.of("pm")));
            for (int i = 0; i < 4; i++) {
                c.js().publish("pm", ("p" + i).getBytes(UTF_8));
            }
            JetStreamSubscription sub = pull(c, "PM", "pm", ConsumerConfiguration.builder().durable("M")
                    .ackPolicy(AckPolicy.Explicit).maxAckPending(2).build());
            List<Message> got = sub.fetch(4, Duration.ofMillis(700));
            assertEquals(List.of("p0", "p1"), bodies(got));
            got.get(0).ackSync(Duration.ofSeconds(2));
            assertEquals(List.of("p2"), bodies(sub.fetch(4, Duration.ofMillis(700))));
        }
    }

    @AllTargets
    void deletingTheStreamDeletesItsConsumers(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PD", "subjects", List.of("pd")));
            c.jsm().addOrUpdateConsumer("PD", ConsumerConfiguration.builder().durable("X").build());
            int before = c.api("$JS.API.INFO").get("consumers").asInt();
            assertTrue(c.jsm().deleteStream("PD"));
            assertEquals(before - 1, c.api("$JS.API.INFO").get("consumers").asInt());
            c.createStream(obj("name", "PD", "subjects", List.of("pd")));
            JsonNode names = c.api("$JS.API.CONSUMER.NAMES.PD");
            assertEquals(0, names.get("total").asInt(), names.toString());
            assertTrue(c.jsm().deleteStream("PD"));
        }
    }

    @AllTargets
    void requestWithoutMessagesGetsStatus(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PS", "subjects", List.of("ps")));
            c.jsm().addOrUpdateConsumer("PS", ConsumerConfiguration.builder().durable("S")
                    .ackPolicy(AckPolicy.Explicit).build());
            Message m = c.request("$JS.API.CONSUMER.MSG.NEXT.PS.S", null, "{\"batch\":1,\"no_wait\":true}");
            assertTrue(m.isStatusMessage());
            assertEquals(404, m.getStatus().getCode());
            Message t = c.request("$JS.API.CONSUMER.MSG.NEXT.PS.S", null, "{\"batch\":3,\"expires\":100000000}");
            assertEquals(408, t.getStatus().getCode());
            assertEquals("3", t.getHeaders().getFirst("Nats-Pending-Messages"));
            assertNotNull(t.getHeaders().getFirst("Nats-Pending-Bytes"));
            assertFalse(t.hasHeaders() && t.getData().length > 0);
        }
    }

    @AllTargets
    void deliverPoliciesAndFilters(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PP", "subjects", List.of("pp.>")));
            c.js().publish("pp.a", "a1".getBytes(UTF_8));
            c.js().publish("pp.b", "b1".getBytes(UTF_8));
            c.js().publish("pp.a", "a2".getBytes(UTF_8));
            ZonedDateTime middle = ZonedDateTime.now(ZoneOffset.UTC);
            Thread.sleep(20);
            c.js().publish("pp.b", "b2".getBytes(UTF_8));
            List<Map.Entry<String, ConsumerConfiguration.Builder>> cases = new ArrayList<>();
            cases.add(Map.entry("a2,b2,new", ConsumerConfiguration.builder()
                    .deliverPolicy(DeliverPolicy.LastPerSubject).filterSubject("pp.>")));
            cases.add(Map.entry("b2,new", ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.Last)));
            cases.add(Map.entry("a2", ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.Last)
                    .filterSubject("pp.a")));
            cases.add(Map.entry("a2,b2,new", ConsumerConfiguration.builder()
                    .deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(3)));
            cases.add(Map.entry("b2,new", ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartTime)
                    .startTime(middle)));
            cases.add(Map.entry("b1,b2", ConsumerConfiguration.builder().filterSubject("pp.b")));
            cases.add(Map.entry("new", ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New)));
            int i = 0;
            List<JetStreamSubscription> subs = new ArrayList<>();
            for (var e : cases) {
                subs.add(pull(c, "PP", null, e.getValue().durable("P" + i++).ackPolicy(AckPolicy.Explicit).build()));
            }
            c.js().publish("pp.c", "new".getBytes(UTF_8));
            i = 0;
            for (var e : cases) {
                List<String> got = bodies(subs.get(i++).fetch(10, Duration.ofMillis(400)));
                assertEquals(e.getKey(), String.join(",", got), "case " + e.getKey());
            }
        }
    }

    @AllTargets
    void nakWithDelayAndProgress(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PK", "subjects", List.of("pk")));
            c.js().publish("pk", "d".getBytes(UTF_8));
            JetStreamSubscription sub = pull(c, "PK", "pk", ConsumerConfiguration.builder().durable("K")
                    .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(10)).build());
            Message m = sub.fetch(1, Duration.ofSeconds(2)).get(0);
            m.nakWithDelay(Duration.ofMillis(1500));
            assertTrue(sub.fetch(1, Duration.ofMillis(300)).isEmpty());
            Message again = sub.fetch(1, Duration.ofSeconds(5)).get(0);
            assertEquals(2, again.metaData().deliveredCount());
            again.inProgress();
            again.ackSync(Duration.ofSeconds(2));
            JsonNode info = c.api("$JS.API.CONSUMER.INFO.PK.K");
            assertEquals(0, info.get("num_ack_pending").asInt(), info.toString());
            // An ack forgets the redelivery count, as nats-server does.
            assertEquals(0, info.get("num_redelivered").asInt(), info.toString());
            assertEquals(2, info.get("delivered").get("consumer_seq").asInt(), info.toString());
        }
    }

    /** jnats's fetch, then its simplified API's consume (pull requests with expires and idle heartbeats). */
    @AllTargets
    void simplifiedApiIterateAndConsume(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PC", "subjects", List.of("pc")));
            for (int i = 0; i < 20; i++) {
                c.js().publish("pc", ("c" + i).getBytes(UTF_8));
            }
            c.jsm().addOrUpdateConsumer("PC", ConsumerConfiguration.builder().durable("C")
                    .ackPolicy(AckPolicy.Explicit).build());
            JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind("PC", "C"));
            List<Message> first = sub.fetch(5, Duration.ofSeconds(2));
            for (int i = 0; i < 5; i++) {
                assertEquals("c" + i, new String(first.get(i).getData(), UTF_8));
                first.get(i).ackSync(Duration.ofSeconds(2));
            }
            sub.unsubscribe();
            io.nats.client.ConsumerContext cc = c.connection().getConsumerContext("PC", "C");
            java.util.concurrent.CountDownLatch rest = new java.util.concurrent.CountDownLatch(15);
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            try (io.nats.client.MessageConsumer consumer = cc.consume(io.nats.client.ConsumeOptions.builder()
                    .batchSize(4).expiresIn(2000).build(), m -> {
                        seen.add(new String(m.getData(), UTF_8));
                        m.ack();
                        rest.countDown();
                    })) {
                assertTrue(rest.await(10, java.util.concurrent.TimeUnit.SECONDS), "consumed " + seen);
            }
            assertEquals("c5", seen.get(0));
            assertEquals(15, seen.stream().distinct().count());
        }
    }

    /** replay_policy original: messages leave as far apart as they were stored (a lower bound only). */
    @AllTargets
    void replayOriginalKeepsTheGaps(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PR", "subjects", List.of("pr")));
            long firstStored = System.nanoTime();
            c.js().publish("pr", "r0".getBytes(UTF_8));
            while (System.nanoTime() - firstStored < 400_000_000L) {
                Thread.sleep(20);
            }
            c.js().publish("pr", "r1".getBytes(UTF_8));
            JetStreamSubscription sub = pull(c, "PR", "pr", ConsumerConfiguration.builder().durable("R")
                    .ackPolicy(AckPolicy.Explicit).replayPolicy(io.nats.client.api.ReplayPolicy.Original).build());
            long start = System.nanoTime();
            List<Message> got = sub.fetch(2, Duration.ofSeconds(3));
            long took = System.nanoTime() - start;
            assertEquals(List.of("r0", "r1"), bodies(got));
            assertTrue(took >= 350_000_000L, "replayed in " + took / 1_000_000 + " ms");
        }
    }
}
