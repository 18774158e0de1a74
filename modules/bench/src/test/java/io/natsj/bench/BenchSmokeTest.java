package io.natsj.bench;

import io.natsj.bench.report.BenchReport;
import io.natsj.bench.run.RunResult;
import io.natsj.bench.run.ScenarioOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.NatsServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every scenario very briefly with both engines against an in-process natsj server and
 * checks that each run ended cleanly with every expected message counted; a few runs go
 * through TLS.
 */
class BenchSmokeTest {

    private static RunningServer server;

    /** A server under test; closing it stops it. */
    record RunningServer(NatsServer natsj, String clientUrl, String monitorUrl) implements AutoCloseable {
        @Override
        public void close() {
            natsj.close();
        }
    }

    /** The one place that decides which server the smoke test measures: natsj, in process. */
    private static RunningServer startServer() {
        NatsServer natsj = NatsServer.start(ConfigFactory.parseString("host: 127.0.0.1\nport: -1\nhttp_port: -1"));
        return new RunningServer(natsj, natsj.clientUrl(), "http://127.0.0.1:" + natsj.monitorPort());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = startServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static BenchReport bench(String... args) throws Exception {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return BenchMain.execute(BenchOptions.parse(args), sink, sink);
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "jnats"})
    void everyScenarioDeliversEveryMessage(String engine) throws Exception {
        BenchReport report = bench("--url", server.clientUrl(), "--monitor", server.monitorUrl(),
                "--engine", engine, "--scenario", "pub,pubsub,fanout,fanin,queue,reqreply,conns",
                "--msgs", "20000", "--requests", "200", "--conns", "20", "--size", "100",
                "--runs", "1", "--warmup", "0", "--quiet");
        assertEquals(7, report.outcomes().size());
        for (ScenarioOutcome outcome : report.outcomes()) {
            RunResult run = outcome.runsA().getFirst();
            assertNull(run.problem(), outcome.label() + ": " + run.problem());
            assertEquals(run.expected(), run.received(), outcome.label());
            assertTrue(outcome.medianA() > 0, outcome.label());
            switch (outcome.scenario()) {
                case "pub", "pubsub", "fanin", "queue" -> assertEquals(20_000, run.received(), outcome.label());
                case "fanout" -> assertEquals(80_000, run.received(), outcome.label());
                case "reqreply" -> assertEquals(200, run.latency().count());
                case "conns" -> {
                    assertEquals(20, run.connections().opened());
                    assertNotNull(run.connections().bytesPerConnection());
                }
                default -> throw new AssertionError(outcome.scenario());
            }
        }
    }

    @Test
    void durationBoundRunCountsWhatWasSent() throws Exception {
        BenchReport report = bench("--url", server.clientUrl(), "--scenario", "pubsub", "--duration", "200ms",
                "--runs", "1", "--warmup", "0", "--quiet");
        RunResult run = report.outcomes().getFirst().runsA().getFirst();
        assertNull(run.problem());
        assertTrue(run.sent() > 0);
        assertEquals(run.sent(), run.received());
    }

    @Test
    void compareWritesJsonMarkdownAndChart(@TempDir Path dir) throws Exception {
        BenchReport report = bench("--url", server.clientUrl(), "--compare", server.clientUrl(),
                "--scenario", "pubsub,reqreply", "--msgs", "5000", "--requests", "50", "--runs", "2",
                "--warmup", "1", "--quiet", "--json", dir.resolve("r.json").toString(),
                "--markdown", dir.resolve("r.md").toString(), "--svg", dir.resolve("r.svg").toString());
        for (ScenarioOutcome outcome : report.outcomes()) {
            assertEquals(2, outcome.runsA().size());
            assertEquals(2, outcome.runsB().size());
            assertEquals(2, outcome.pairRatios().size());
            assertNotNull(outcome.medianRatio());
        }
        assertTrue(Files.readString(dir.resolve("r.md")).contains("![comparison chart](r.svg)"));
        assertTrue(Files.readString(dir.resolve("r.svg")).startsWith("<svg"));
        assertTrue(Files.readString(dir.resolve("r.json")).contains("\"pairRatios\""));
    }

    /** The absolute path of a test certificate (from the tests module, see the pom). */
    private static String cert(String name) throws Exception {
        return Path.of(BenchSmokeTest.class.getResource("/certs/" + name).toURI()).toString();
    }

    /** An in-process natsj with the same tls block as {@code bench-compare --tls}. */
    private static NatsServer startTlsServer() throws Exception {
        return NatsServer.start(ConfigFactory.parseString("host: 127.0.0.1\nport: -1\ntls { cert_file: \""
                + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem") + "\" }"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "jnats"})
    void tlsRunsDeliverEveryMessage(String engine) throws Exception {
        try (NatsServer tls = startTlsServer()) {
            BenchReport report = bench("--url", "tls://127.0.0.1:" + tls.port(), "--tls-ca", cert("ca.pem"),
                    "--engine", engine, "--scenario", "pubsub,reqreply", "--msgs", "20000", "--requests", "100",
                    "--runs", "1", "--warmup", "0", "--quiet");
            for (ScenarioOutcome outcome : report.outcomes()) {
                RunResult run = outcome.runsA().getFirst();
                assertNull(run.problem(), outcome.label() + ": " + run.problem());
                assertEquals(run.expected(), run.received(), outcome.label());
            }
            assertEquals(20_000, report.outcomes().getFirst().runsA().getFirst().received());
        }
    }

    @Test
    void rawEngineStartsTlsWhenInfoRequiresIt() throws Exception {
        // nats:// URL: the plain INFO's tls_required alone must make the raw engine start TLS,
        // as NATS clients do; natsj closes a client that stays in plain text.
        try (NatsServer tls = startTlsServer()) {
            BenchReport report = bench("--url", "nats://127.0.0.1:" + tls.port(), "--tls-ca", cert("ca.pem"),
                    "--scenario", "pubsub", "--msgs", "5000", "--runs", "1", "--warmup", "0", "--quiet");
            RunResult run = report.outcomes().getFirst().runsA().getFirst();
            assertNull(run.problem());
            assertEquals(5_000, run.received());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "jnats"})
    void tlsUrlToAPlainServerFails(String engine) throws Exception {
        var err = new ByteArrayOutputStream();
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = BenchMain.run(new String[] {"--url", "tls://127.0.0.1:" + server.natsj().port(),
                "--tls-ca", cert("ca.pem"), "--engine", engine, "--scenario", "pubsub", "--msgs", "10",
                "--runs", "1", "--warmup", "0", "--quiet"}, errStream, errStream);
        assertEquals(1, code, err.toString(StandardCharsets.UTF_8));
        if (engine.equals("raw")) {
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not offer"), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void unknownScenariosAreRejectedNamingTheKnownOnes() {
        var err = new ByteArrayOutputStream();
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        // "kv" was the placeholder before kv-put, kv-get and kv-get-latency (KeyValueBenchTest).
        int code = BenchMain.run(new String[] {"--scenario", "kv"}, errStream, errStream);
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("kv-get-latency"), err.toString(StandardCharsets.UTF_8));
    }
}
