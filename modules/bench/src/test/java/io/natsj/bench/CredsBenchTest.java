package io.natsj.bench;

import com.typesafe.config.ConfigFactory;
import io.natsj.bench.report.BenchReport;
import io.natsj.bench.run.RunResult;
import io.natsj.kernel.NatsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code --make-operator} writes a set-up a server in operator mode starts with, and
 * {@code --creds} connections (user JWT, signed nonce) are accepted by it on both engines.
 */
class CredsBenchTest {

    @Test
    void connectionsPresentTheGeneratedCreds(@TempDir Path dir) throws Exception {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, BenchMain.run(new String[] {"--make-operator", dir.toString()}, sink, sink));
        String config = "host: 127.0.0.1\nport: -1\n" + Files.readString(dir.resolve("server.conf"));
        try (NatsServer server = NatsServer.start(ConfigFactory.parseString(config))) {
            for (String engine : new String[] {"raw", "jnats"}) {
                BenchReport report = BenchMain.execute(BenchOptions.parse("--url", server.clientUrl(),
                        "--engine", engine, "--scenario", "conns", "--conns", "20", "--creds",
                        dir.resolve("user.creds").toString(), "--runs", "1", "--warmup", "0", "--quiet"), sink, sink);
                RunResult run = report.outcomes().get(0).runsA().get(0);
                assertNull(run.problem(), engine + ": " + run.problem());
                assertEquals(20, run.received(), engine);
            }
        }
    }
}
