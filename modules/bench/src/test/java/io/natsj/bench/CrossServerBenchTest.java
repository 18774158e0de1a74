package io.natsj.bench;

import com.typesafe.config.ConfigFactory;
import io.natsj.bench.report.BenchReport;
import io.natsj.bench.run.RunResult;
import io.natsj.bench.run.ScenarioOutcome;
import io.natsj.kernel.NatsServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Publisher and subscriber on two servers joined by a route ({@code --sub-url}): every run
 * starts only once the subscriber's interest has crossed the route, so no message published
 * before it arrived is counted as lost, and request/reply gets its first answer.
 */
class CrossServerBenchTest {

    @Test
    void pubSubAndRequestReplyAcrossARoute() throws Exception {
        int routePort = freePort();
        String seed = "host: 127.0.0.1\nport: -1\ncluster { name: bench, host: 127.0.0.1, port: " + routePort + " }";
        String joiner = "host: 127.0.0.1\nport: -1\ncluster { name: bench, host: 127.0.0.1, port: -1, "
                + "routes: [\"nats-route://127.0.0.1:" + routePort + "\"] }";
        try (NatsServer publisherSide = NatsServer.start(ConfigFactory.parseString(seed));
             NatsServer subscriberSide = NatsServer.start(ConfigFactory.parseString(joiner))) {
            for (String engine : new String[] {"raw", "jnats"}) {
                BenchReport report = bench("--url", publisherSide.clientUrl(), "--sub-url", subscriberSide.clientUrl(),
                        "--engine", engine, "--scenario", "pubsub,fanout,reqreply", "--msgs", "20000",
                        "--requests", "100", "--runs", "2", "--warmup", "0", "--quiet");
                assertEquals(3, report.outcomes().size());
                for (ScenarioOutcome outcome : report.outcomes()) {
                    for (RunResult run : outcome.runsA()) {
                        assertNull(run.problem(), engine + " " + outcome.label() + ": " + run.problem());
                        assertEquals(run.expected(), run.received(), engine + " " + outcome.label());
                    }
                }
            }
        }
    }

    @Test
    void subscriberUrlIsOnlyForScenariosWithSubscribers() {
        var e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(
                "--url", "nats://127.0.0.1:1", "--sub-url", "nats://127.0.0.1:2", "--scenario", "conns"));
        assertEquals("--sub-url applies to pubsub, fanout, fanin, queue and reqreply; not to conns", e.getMessage());
    }

    private static BenchReport bench(String... args) throws Exception {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return BenchMain.execute(BenchOptions.parse(args), sink, sink);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
