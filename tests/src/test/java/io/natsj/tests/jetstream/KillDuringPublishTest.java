package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server while jnats publishes asynchronously with many PubAcks
 * outstanding; after a restart on the same store directory every acknowledged message is there
 * with its payload, and the stream's state has no hole. Several kills on one directory, at
 * growing points (the store crosses a block roll on the way), so recovery also runs over what
 * earlier recoveries left.
 */
class KillDuringPublishTest {

    private static final String STREAM = "CRASH";
    private static final String SUBJECT = "crash.msgs";
    /** PubAcks received before each kill. */
    private static final int[] KILL_AFTER = {1, 700, 4_000, 9_000};
    /** PubAcks outstanding at most: at every kill this many publishes are in flight. */
    private static final int WINDOW = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AllTargets
    void everyAcknowledgedMessageSurvivesKill9(Target target, @TempDir Path storeDir) throws Exception {
        // Both servers: a kill -9 takes the process, not the page cache, and nats-server 2.9.10
        // writes each message to its block file before acknowledging it (it only delays the
        // fsync, to sync_interval), so it keeps every acknowledged message here too (measured:
        // none lost). What natsj adds, the fsync before the PubAck, matters only when the machine
        // loses power, which a process kill cannot show.
        NavigableMap<Long, String> acked = new TreeMap<>();
        try (JetStreamProcess server = JetStreamProcess.start(target, storeDir, 0)) {
            createStream(server);
            for (int round = 0; round < KILL_AFTER.length; round++) {
                Map<Long, String> now = publishAndKill(server, round, KILL_AFTER[round]);
                assertTrue(now.size() >= KILL_AFTER[round], "acks before the kill: " + now.size());
                acked.putAll(now);
                server.restart(0);
                // Each round checks its own messages; the last one checks all of them again, after
                // every later recovery has run over the earlier ones.
                verify(server, round == KILL_AFTER.length - 1 ? acked : now, acked.lastKey());
            }
        }
    }

    private static void createStream(JetStreamProcess server) throws Exception {
        try (JsClient c = JsClient.connect(server)) {
            JsonNode r = c.api("$JS.API.STREAM.CREATE." + STREAM, "{\"name\":\"" + STREAM + "\",\"subjects\":[\""
                    + SUBJECT + "\"],\"storage\":\"file\"}");
            assertFalse(r.has("error"), r.toString());
        }
    }

    /** @return the payload of message {@code i} of a round: unique, 100 to 2,099 bytes */
    private static String payload(int round, int i) {
        StringBuilder b = new StringBuilder("r").append(round).append('-').append(i).append('-');
        int size = 100 + (i * 37 % 2_000);
        while (b.length() < size) {
            b.append((char) ('a' + (b.length() + i) % 26));
        }
        return b.toString();
    }

    /**
     * Publishes without waiting (at most {@link #WINDOW} outstanding) and kills the server as
     * soon as {@code killAfter} PubAcks have come back, publishes still in flight.
     *
     * @return sequence → payload of every PubAck received
     */
    private static Map<Long, String> publishAndKill(JetStreamProcess server, int round, int killAfter)
            throws Exception {
        Map<Long, String> acked = new ConcurrentSkipListMap<>();
        AtomicInteger acks = new AtomicInteger();
        Semaphore window = new Semaphore(WINDOW);
        Connection nc = Nats.connect(new Options.Builder().server(server.clientUrl()).noReconnect()
                .connectionTimeout(WAIT).build());
        try {
            JetStream js = nc.jetStream();
            int i = 0;
            while (acks.get() < killAfter) {
                if (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    assertTrue(server.alive(), server.log());
                    continue;
                }
                String payload = payload(round, i++);
                js.publishAsync(SUBJECT, payload.getBytes(UTF_8)).whenComplete((ack, error) -> {
                    window.release();
                    if (error == null && !ack.hasError()) {
                        acked.put(ack.getSeqno(), payload);
                        acks.incrementAndGet();
                    }
                });
            }
            server.kill();
        } finally {
            // Closing stops jnats's reader: no PubAck is counted after this.
            nc.close();
        }
        return new TreeMap<>(acked);
    }

    /** Checks the stream's state and that every message of {@code expected} is there, requests pipelined. */
    private static void verify(JetStreamProcess server, Map<Long, String> expected, long lastAcked) throws Exception {
        try (JsClient c = JsClient.connect(server)) {
            JsonNode state = c.api("$JS.API.STREAM.INFO." + STREAM).get("state");
            long last = state.get("last_seq").asLong();
            assertTrue(last >= lastAcked, "last_seq " + last + " < last acknowledged " + lastAcked);
            assertEquals(1, state.get("first_seq").asLong(), state.toString());
            assertEquals(last, state.get("messages").asLong(), "a hole in the stream: " + state);
            assertFalse(state.has("lost"), state.toString());
            List<Map.Entry<Long, String>> entries = new ArrayList<>(expected.entrySet());
            Semaphore inFlight = new Semaphore(256);
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (Map.Entry<Long, String> e : entries) {
                assertTrue(inFlight.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS), "GET replies stopped");
                CompletableFuture<Message> reply = c.connection().requestWithTimeout(
                        "$JS.API.STREAM.MSG.GET." + STREAM, ("{\"seq\":" + e.getKey() + "}").getBytes(UTF_8), WAIT);
                checks.add(reply.whenComplete((m, error) -> inFlight.release()).thenAccept(m -> {
                    JsonNode msg = JsClient.json(m).get("message");
                    assertEquals(e.getValue(), msg == null ? JsClient.json(m).toString()
                            : new String(Base64.getDecoder().decode(msg.get("data").asText()), UTF_8),
                            "message " + e.getKey());
                }));
            }
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            // The stream takes new messages after the recovery, at the next sequence.
            assertEquals(last + 1, c.publish(SUBJECT, "after restart").get("seq").asLong());
        }
    }
}
