package io.natsj.bench;

import io.natsj.bench.report.BenchReport;
import io.natsj.bench.run.RunResult;
import io.natsj.bench.run.ScenarioOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs kv-put, kv-get and kv-get-latency very briefly against nats-server 2.9.10 with JetStream
 * (this module's tests have no JetStream plugin for an in-process natsj; bench-compare
 * --jetstream runs them against natsj) and checks each counted every call.
 */
class KeyValueBenchTest {

    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");

    @Test
    void keyValueScenariosCountEveryCall(@TempDir Path store) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed");
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(NATS_SERVER.toString(), "-js", "-sd", store.toString(),
                "-a", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(store.resolve("server.log").toFile()).start();
        try {
            awaitListening(port, server);
            var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            BenchReport report = BenchMain.execute(BenchOptions.parse("--url", "nats://127.0.0.1:" + port,
                    "--jetstream", "--scenario", "kv-put,kv-get,kv-get-latency", "--requests", "300",
                    "--runs", "1", "--warmup", "0", "--quiet"), sink, sink);
            assertEquals(List.of("kv-put", "kv-get", "kv-get-latency"),
                    report.outcomes().stream().map(ScenarioOutcome::scenario).toList());
            for (ScenarioOutcome outcome : report.outcomes()) {
                RunResult run = outcome.runsA().getFirst();
                assertNull(run.problem(), outcome.label());
                assertEquals(300, run.received(), outcome.label());
                assertTrue(outcome.medianA() > 0, outcome.label());
            }
            RunResult latency = report.outcomes().get(2).runsA().getFirst();
            assertNotNull(latency.latency());
            assertEquals(300, latency.latency().count());
            assertNull(report.outcomes().get(1).runsA().getFirst().latency(), "kv-get's headline is a rate");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** Polls until the server accepts connections, with a deadline. */
    private static void awaitListening(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), "nats-server exited");
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("nats-server did not listen on " + port);
    }
}
