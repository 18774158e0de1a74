package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push consumers (deliver_subject) through jnats and raw subscriptions on both servers:
 * delivery and acks, queue groups, flow control, idle heartbeats, ordered consumers, and
 * delivery only while someone listens on the deliver subject.
 */
class PushConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    private static String body(Message m) {
        return new String(m.getData(), UTF_8);
    }

    @AllTargets
    void deliveryAckAndRedelivery(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PB", "subjects", List.of("pb.>")));
            JetStream js = c.js();
            for (int i = 1; i <= 5; i++) {
                js.publish("pb." + i, ("m" + i).getBytes(UTF_8));
            }
            PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("PB").durable("D")
                    .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit)
                            .ackWait(Duration.ofMillis(700)).build()).build();
            JetStreamSubscription sub = js.subscribe("pb.>", pso);
            List<Message> got = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                Message m = sub.nextMessage(WAIT);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, body(m));
                assertEquals("pb." + i, m.getSubject());
                assertEquals(i, m.metaData().streamSequence());
                assertEquals(5 - i, m.metaData().pendingCount());
                got.add(m);
            }
            for (int i = 0; i < 4; i++) {
                got.get(i).ackSync(WAIT);
            }
            // The fifth is not acked: it comes again after the ack wait, marked redelivered.
            Message again = sub.nextMessage(WAIT);
            assertNotNull(again);
            assertEquals("m5", body(again));
            assertEquals(2, again.metaData().deliveredCount());
            again.ackSync(WAIT);
            ConsumerInfo info = c.jsm().getConsumerInfo("PB", "D");
            assertEquals(0, info.getNumAckPending());
            assertEquals(0, info.getNumPending());
            assertEquals(5, info.getAckFloor().getStreamSequence());
            assertTrue(info.isPushBound());
            // New messages are pushed as they arrive.
            js.publish("pb.6", "m6".getBytes(UTF_8));
            Message m6 = sub.nextMessage(WAIT);
            assertEquals("m6", body(m6));
            m6.ack();
            sub.unsubscribe();
        }
    }

    @AllTargets
    void queueGroupDeliversEachMessageOnce(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server());
             JsClient c2 = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PQ", "subjects", List.of("pq.>")));
            PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("PQ").durable("Q").build();
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            Dispatcher d1 = c.connection().createDispatcher();
            Dispatcher d2 = c2.connection().createDispatcher();
            c.js().subscribe("pq.>", "workers", d1, m -> seen.add("a:" + body(m)), true, pso);
            c2.js().subscribe("pq.>", "workers", d2, m -> seen.add("b:" + body(m)), true, pso);
            // subscribe returns with the SUB possibly still in the client's buffer: until the
            // server has it, every message goes to the first member.
            c.connection().flush(java.time.Duration.ofSeconds(5));
            c2.connection().flush(java.time.Duration.ofSeconds(5));
            ConsumerInfo info = c.jsm().getConsumerInfo("PQ", "Q");
            assertEquals("workers", info.getConsumerConfiguration().getDeliverGroup());
            for (int i = 0; i < 50; i++) {
                c.js().publish("pq.x", ("m" + i).getBytes(UTF_8));
            }
            await("50 messages", () -> seen.size() >= 50);
            Set<String> bodies = new HashSet<>();
            for (String s : seen) {
                assertTrue(bodies.add(s.substring(2)), "delivered twice: " + s);
            }
            assertEquals(50, bodies.size());
            // Both members get some (a random member per message, as nats-server picks).
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("a:")) && seen.stream().anyMatch(s -> s.startsWith("b:")),
                    seen.toString());
            await("all acked", () -> {
                try {
                    return c.jsm().getConsumerInfo("PQ", "Q").getAckFloor().getStreamSequence() == 50;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(50, seen.size());
        }
    }

    /** 3 MB through a flow-controlled consumer: jnats answers the requests, everything arrives. */
    @AllTargets
    void flowControlAnsweredByJnats(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PF", "subjects", List.of("pf"), "storage", "memory"));
            byte[] data = new byte[10_000];
            for (int i = 0; i < 300; i++) {
                c.js().publish("pf", data);
            }
            PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("PF").configuration(
                    ConsumerConfiguration.builder().ackPolicy(AckPolicy.None)
                            .flowControl(Duration.ofMillis(500)).build()).build();
            JetStreamSubscription sub = c.js().subscribe("pf", pso);
            for (int i = 1; i <= 300; i++) {
                Message m = sub.nextMessage(WAIT);
                assertNotNull(m, "message " + i);
                assertEquals(i, m.metaData().streamSequence());
            }
            sub.unsubscribe();
        }
    }

    /**
     * A raw subscriber that does not answer flow control: delivery stalls past the window,
     * the heartbeat names the stalled request, and the answer lets the rest through.
     */
    @AllTargets
    void flowControlStallsUntilAnsweredAndHeartbeatsSayStalled(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PS", "subjects", List.of("ps"), "storage", "memory"));
            byte[] data = new byte[10_000];
            for (int i = 0; i < 300; i++) {
                c.js().publish("ps", data);
            }
            Subscription raw = c.connection().subscribe("ps.inbox");
            c.api("$JS.API.CONSUMER.CREATE.PS.S", obj("stream_name", "PS", "config", Map.of("durable_name", "S",
                    "deliver_subject", "ps.inbox", "ack_policy", "none", "flow_control", true,
                    "idle_heartbeat", 300_000_000L)));
            int msgs = 0;
            String fc = null;
            String stalled = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (stalled == null && System.nanoTime() < deadline) {
                Message m = raw.nextMessage(WAIT);
                assertNotNull(m);
                if (m.isStatusMessage()) {
                    String text = m.getStatus().getMessage();
                    if (text.equals("FlowControl Request")) {
                        fc = m.getReplyTo();
                    } else {
                        assertEquals("Idle Heartbeat", text);
                        stalled = m.getHeaders().getFirst("Nats-Consumer-Stalled");
                        if (stalled != null) {
                            assertEquals(String.valueOf(msgs), m.getHeaders().getFirst("Nats-Last-Consumer"));
                            assertEquals(String.valueOf(msgs), m.getHeaders().getFirst("Nats-Last-Stream"));
                        }
                    }
                } else {
                    msgs++;
                }
            }
            assertNotNull(fc, "flow control request");
            assertTrue(fc.startsWith("$JS.FC.PS.S."), fc);
            assertEquals(fc, stalled);
            assertTrue(msgs > 100 && msgs < 300, "delivered before the stall: " + msgs);
            c.connection().publish(fc, new byte[0]);
            while (msgs < 300) {
                Message m = raw.nextMessage(WAIT);
                assertNotNull(m, "after " + msgs);
                if (m.isStatusMessage() && m.getStatus().getMessage().equals("FlowControl Request")) {
                    c.connection().publish(m.getReplyTo(), new byte[0]);
                } else if (!m.isStatusMessage()) {
                    msgs++;
                }
            }
            raw.unsubscribe();
        }
    }

    @AllTargets
    void idleHeartbeatsCarryLastSequences(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PH", "subjects", List.of("ph")));
            c.js().publish("ph", "one".getBytes(UTF_8));
            c.js().publish("ph", "two".getBytes(UTF_8));
            Subscription raw = c.connection().subscribe("ph.inbox");
            c.api("$JS.API.CONSUMER.CREATE.PH.H", obj("stream_name", "PH", "config", Map.of("durable_name", "H",
                    "deliver_subject", "ph.inbox", "ack_policy", "none", "idle_heartbeat", 200_000_000L)));
            assertEquals("one", body(raw.nextMessage(WAIT)));
            assertEquals("two", body(raw.nextMessage(WAIT)));
            for (int i = 0; i < 2; i++) {
                Message hb = raw.nextMessage(WAIT);
                assertNotNull(hb);
                assertTrue(hb.isStatusMessage());
                assertEquals(100, hb.getStatus().getCode());
                assertEquals("Idle Heartbeat", hb.getStatus().getMessage());
                assertEquals("2", hb.getHeaders().getFirst("Nats-Last-Consumer"));
                assertEquals("2", hb.getHeaders().getFirst("Nats-Last-Stream"));
                assertNull(hb.getHeaders().getFirst("Nats-Consumer-Stalled"));
                // jnats reads nats-server's heartbeat reply as "" and natsj's as null: neither has one.
                assertTrue(hb.getReplyTo() == null || hb.getReplyTo().isEmpty());
            }
            raw.unsubscribe();
        }
    }

    @AllTargets
    void orderedConsumerGetsEverythingInOrder(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PO", "subjects", List.of("po.>")));
            for (int i = 0; i < 200; i++) {
                c.js().publish("po." + (i % 7), ("m" + i).getBytes(UTF_8));
            }
            JetStreamSubscription sub = c.js().subscribe("po.>", PushSubscribeOptions.builder().ordered(true).build());
            for (int i = 0; i < 200; i++) {
                Message m = sub.nextMessage(WAIT);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, body(m));
            }
            c.js().publish("po.x", "late".getBytes(UTF_8));
            assertEquals("late", body(sub.nextMessage(WAIT)));
            sub.unsubscribe();
            // Through a dispatcher too.
            ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
            Dispatcher d = c.connection().createDispatcher();
            c.js().subscribe("po.>", d, m -> got.add(body(m)), false, PushSubscribeOptions.builder().ordered(true).build());
            await("201 messages", () -> got.size() >= 201);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("m" + i);
            }
            expected.add("late");
            assertEquals(expected, new ArrayList<>(got));
        }
    }

    /** No delivery while nobody listens on the deliver subject; a subscriber brings it all. */
    @AllTargets
    void deliversOnlyWithInterest(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PI", "subjects", List.of("pi")));
            JsonNode r = c.api("$JS.API.CONSUMER.CREATE.PI.I", obj("stream_name", "PI", "config",
                    Map.of("durable_name", "I", "deliver_subject", "pi.inbox", "ack_policy", "explicit")));
            assertFalse(r.has("error"), r.toString());
            assertFalse(r.has("push_bound"));
            for (int i = 1; i <= 3; i++) {
                c.js().publish("pi", ("m" + i).getBytes(UTF_8));
            }
            ConsumerInfo info = c.jsm().getConsumerInfo("PI", "I");
            assertEquals(0, info.getDelivered().getStreamSequence());
            assertEquals(3, info.getNumPending());
            assertFalse(info.isPushBound());
            Subscription raw = c.connection().subscribe("pi.inbox");
            for (int i = 1; i <= 3; i++) {
                Message m = raw.nextMessage(WAIT);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, body(m));
                m.ack();
            }
            assertTrue(c.jsm().getConsumerInfo("PI", "I").isPushBound());
            raw.unsubscribe();
            c.connection().flush(WAIT);
            await("inactive", () -> {
                try {
                    return !c.jsm().getConsumerInfo("PI", "I").isPushBound();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            c.js().publish("pi", "m4".getBytes(UTF_8));
            Subscription again = c.connection().subscribe("pi.inbox");
            Message m4 = again.nextMessage(WAIT);
            assertNotNull(m4);
            assertEquals("m4", body(m4));
            again.unsubscribe();
        }
    }

    /**
     * Interest follows subscriptions as they come and go, without polling: natsj's consumer hears
     * of a SUB or UNSUB before the server answers the PING after it, so its info right after a
     * flush already says whether it is bound; nats-server's consumer goroutine hears shortly
     * after, so there it is awaited.
     */
    @AllTargets
    void interestFollowsSubscriptionsAsTheyChange(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PW", "subjects", List.of("pw")));
            JsonNode r = c.api("$JS.API.CONSUMER.CREATE.PW.W", obj("stream_name", "PW", "config",
                    Map.of("durable_name", "W", "deliver_subject", "pw.inbox", "ack_policy", "none")));
            assertFalse(r.has("error"), r.toString());
            for (int i = 1; i <= 3; i++) {
                c.js().publish("pw", ("m" + i).getBytes(UTF_8));
            }
            // Literal: nats-server 2.9.10 is told only of subscriptions on the deliver subject itself
            // (a later "pw.*" leaves its consumer unbound), natsj of wildcard ones as well.
            Subscription raw = c.connection().subscribe("pw.inbox");
            c.connection().flush(WAIT);
            expectBound(target, c, "PW", "W", true);
            for (int i = 1; i <= 3; i++) {
                Message m = raw.nextMessage(WAIT);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, body(m));
            }
            raw.unsubscribe();
            c.connection().flush(WAIT);
            expectBound(target, c, "PW", "W", false);
            // Unbound: a new message stays pending instead of going to nobody.
            c.js().publish("pw", "m4".getBytes(UTF_8));
            ConsumerInfo info = c.jsm().getConsumerInfo("PW", "W");
            assertEquals(3, info.getDelivered().getStreamSequence());
            assertEquals(1, info.getNumPending());
            Subscription again = c.connection().subscribe("pw.inbox");
            c.connection().flush(WAIT);
            expectBound(target, c, "PW", "W", true);
            Message m4 = again.nextMessage(WAIT);
            assertNotNull(m4);
            assertEquals("m4", body(m4));
            again.unsubscribe();
        }
    }

    private static void expectBound(Target target, JsClient c, String stream, String consumer, boolean bound)
            throws Exception {
        if (target == Target.NATSJ) {
            assertEquals(bound, c.jsm().getConsumerInfo(stream, consumer).isPushBound());
            return;
        }
        await(bound ? "bound" : "unbound", () -> {
            try {
                return c.jsm().getConsumerInfo(stream, consumer).isPushBound() == bound;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** An ephemeral push consumer nobody listens to goes after its inactive threshold. */
    @AllTargets
    void ephemeralWithoutInterestIsRemoved(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "PE", "subjects", List.of("pe")));
            JsonNode r = c.api("$JS.API.CONSUMER.CREATE.PE", obj("stream_name", "PE", "config",
                    Map.of("deliver_subject", "pe.inbox", "inactive_threshold", 300_000_000L)));
            assertFalse(r.has("error"), r.toString());
            assertEquals(1, c.api("$JS.API.CONSUMER.NAMES.PE").get("total").asInt());
            await("removal", () -> {
                try {
                    return c.api("$JS.API.CONSUMER.NAMES.PE").get("total").asInt() == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
