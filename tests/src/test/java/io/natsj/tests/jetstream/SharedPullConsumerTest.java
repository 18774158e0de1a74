package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two client processes ({@link SharedPullWorker}, each its own JVM and jnats connection) pull
 * from one durable consumer while messages arrive: every message goes to exactly one of them,
 * both take part, and every message ends acknowledged.
 */
class SharedPullConsumerTest {

    private static final int MESSAGES = 3_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void eachMessageGoesToOneProcess(Target target, @TempDir Path dir) throws Exception {
        JetStreamServer server = servers.get(target);
        String stream = "SHARED";
        try (JsClient c = JsClient.connect(server.server())) {
            c.createStream(obj("name", stream, "subjects", List.of("shared.>")));
            JsonNode r = c.api("$JS.API.CONSUMER.DURABLE.CREATE." + stream + ".WORK", obj("stream_name", stream,
                    "config", JsClient.json(obj("durable_name", "WORK", "ack_policy", "explicit",
                            "ack_wait", 60_000_000_000L))));
            assertFalse(r.has("error"), r.toString());
            List<Process> workers = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Path out = dir.resolve("worker-" + i + ".out");
                    outputs.add(out);
                    workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx128m", "-XX:-UsePerfData", "-cp",
                            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                            SharedPullWorker.class.getName(), server.server().clientUrl(), stream, "WORK",
                            String.valueOf(MESSAGES))
                            .redirectErrorStream(true).redirectOutput(out.toFile()).start());
                }
                for (Path out : outputs) {
                    awaitLine(out, "ready", workers);
                }
                for (int i = 1; i <= MESSAGES; i++) {
                    c.connection().publish("shared." + (i % 7), ("m" + i).getBytes(UTF_8));
                }
                c.connection().flush(Duration.ofSeconds(5));
                for (Process p : workers) {
                    assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "worker did not finish");
                }
            } finally {
                for (Process p : workers) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                List<String> lines = Files.readAllLines(outputs.get(i), UTF_8);
                assertEquals(0, workers.get(i).exitValue(), String.join("\n", lines));
                assertEquals("done", lines.get(lines.size() - 1));
                int got = 0;
                for (String line : lines) {
                    if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                        long seq = Long.parseLong(line);
                        assertTrue(seen.add(seq), "message " + seq + " delivered twice");
                        got++;
                    }
                }
                assertTrue(got > 0, "worker " + i + " got nothing");
            }
            assertEquals(MESSAGES, seen.size());
            JsonNode info = c.api("$JS.API.CONSUMER.INFO." + stream + ".WORK");
            assertEquals(MESSAGES, info.get("ack_floor").get("stream_seq").asInt(), info.toString());
            assertEquals(0, info.get("num_redelivered").asInt(), info.toString());
            assertTrue(c.api("$JS.API.STREAM.DELETE." + stream).get("success").asBoolean());
        }
    }

    private static void awaitLine(Path out, String line, List<Process> workers) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(out) || !Files.readAllLines(out, UTF_8).contains(line)) {
            for (Process p : workers) {
                assertTrue(p.isAlive(), "a worker exited: " + (Files.exists(out) ? Files.readString(out) : ""));
            }
            assertTrue(System.nanoTime() < deadline, "worker not ready");
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval
        }
    }
}
