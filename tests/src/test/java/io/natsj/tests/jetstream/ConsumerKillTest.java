package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server while jnats double-acks ({@code ackSync}) messages of a durable
 * pull consumer from several threads: after a restart on the same store directory no message
 * whose ack was answered is delivered again, and every message not acked (never delivered,
 * delivered but not acked) is. Acks still in flight at the kill may go either way. The first
 * half is natsj's rule only: nats-server 2.9.10 answers before its consumer state is written.
 */
class ConsumerKillTest {

    private static final String STREAM = "KACK";
    private static final int MESSAGES = 400;
    /** Answered acks before the kill. */
    private static final int KILL_AFTER = 150;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long ACK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    @AllTargets
    void answeredAcksSurviveKill9(Target target, @TempDir Path storeDir) throws Exception {
        Set<Long> answered = new ConcurrentSkipListSet<>();
        Set<Long> attempted = new ConcurrentSkipListSet<>();
        try (JetStreamProcess server = JetStreamProcess.start(target, storeDir, 0)) {
            try (JsClient c = JsClient.connect(server)) {
                c.createStream(JsClient.obj("name", STREAM, "subjects", List.of("kack"), "storage", "file"));
                for (int i = 1; i <= MESSAGES; i++) {
                    c.connection().publish("kack", ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
                c.connection().flush(WAIT);
                JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE." + STREAM + ".D", JsClient.obj("stream_name",
                        STREAM, "config", JsClient.json(JsClient.obj("durable_name", "D", "ack_policy", "explicit",
                                "ack_wait", ACK_WAIT_NANOS, "max_ack_pending", 10_000))));
                assertFalse(r.has("error"), r.toString());
                awaitStored(c);
            }
            ackThenKill(server, answered, attempted);
            server.restart(0);
            Set<Long> delivered = drain(server);
            Set<Long> inFlight = new TreeSet<>(attempted);
            inFlight.removeAll(answered);
            Set<Long> redeliveredAcked = new TreeSet<>(delivered);
            redeliveredAcked.retainAll(answered);
            // nats-server 2.9.10 writes a consumer's state in the background, after the ack's reply:
            // measured here, every one of ~150 answered acks was delivered again after the kill.
            // natsj forces the state to disk before it answers a double ack, as the issue asks.
            assertTrue(target == Target.NATS_SERVER || redeliveredAcked.isEmpty(), "acked before the kill, delivered again: " + redeliveredAcked
                    + " (" + answered.size() + " acks answered, " + inFlight.size() + " in flight)");
            Set<Long> missing = new TreeSet<>();
            for (long seq = 1; seq <= MESSAGES; seq++) {
                if (!answered.contains(seq) && !inFlight.contains(seq) && !delivered.contains(seq)) {
                    missing.add(seq);
                }
            }
            assertTrue(missing.isEmpty(), "not acked and never delivered again: " + missing);
        }
    }

    private static void awaitStored(JsClient c) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (c.api("$JS.API.STREAM.INFO." + STREAM).get("state").get("messages").asInt() < MESSAGES) {
            assertTrue(System.nanoTime() < deadline, "messages not stored");
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval
        }
    }

    /** Fetches and acks two of every three messages on eight threads; kills once enough acks are answered. */
    private static void ackThenKill(JetStreamProcess server, Set<Long> answered, Set<Long> attempted)
            throws Exception {
        Connection nc = Nats.connect(new Options.Builder().server(server.clientUrl()).noReconnect()
                .connectionTimeout(WAIT).build());
        ExecutorService ackers = Executors.newFixedThreadPool(8);
        AtomicInteger acks = new AtomicInteger();
        try {
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind(STREAM, "D"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acks.get() < KILL_AFTER) {
                assertTrue(System.nanoTime() < deadline, "acks stopped at " + acks.get() + ": " + server.log());
                for (Message m : sub.fetch(20, Duration.ofMillis(200))) {
                    long seq = m.metaData().streamSequence();
                    if (seq % 3 == 0) {
                        continue;
                    }
                    attempted.add(seq);
                    ackers.execute(() -> {
                        try {
                            m.ackSync(WAIT);
                            answered.add(seq);
                            acks.incrementAndGet();
                        } catch (Exception e) {
                            // The kill cut it off: an ack in flight.
                        }
                    });
                }
            }
            server.kill();
        } finally {
            nc.close();
            ackers.shutdown();
            assertTrue(ackers.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Pulls and acks until the consumer has nothing pending or unacknowledged; returns the sequences delivered. */
    private static Set<Long> drain(JetStreamProcess server) throws Exception {
        Set<Long> delivered = new TreeSet<>();
        try (JsClient c = JsClient.connect(server)) {
            JetStreamSubscription sub = c.js().subscribe(null, PullSubscribeOptions.bind(STREAM, "D"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                List<Message> batch = new ArrayList<>(sub.fetch(100, Duration.ofMillis(300)));
                for (Message m : batch) {
                    delivered.add(m.metaData().streamSequence());
                    m.ackSync(WAIT);
                }
                JsonNode info = c.api("$JS.API.CONSUMER.INFO." + STREAM + ".D");
                if (batch.isEmpty() && info.get("num_pending").asInt() == 0
                        && info.get("num_ack_pending").asInt() == 0) {
                    assertEquals(MESSAGES, info.get("ack_floor").get("stream_seq").asInt(), info.toString());
                    return delivered;
                }
                assertTrue(System.nanoTime() < deadline, "consumer not drained: " + info);
            }
        }
    }
}
