package io.natsj.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/nats.conf} and the configuration check ({@code -t}) of the built
 * image, side by side with nats-server 2.9.10 (its half is skipped when it is not installed).
 */
class ConfigFileTest {

    private static final Path NATS_SERVER = Path.of(System.getProperty("natsj.test.nats-server", "/usr/sbin/nats-server"));
    /** The test certificates of the integration tests (server, its key, the CA). */
    private static final Path CERTS = Path.of(System.getProperty("natsj.certs.dir")).toAbsolutePath();
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private record Run(int exitCode, String output) {
    }

    @Test
    void shippedConfigIsValidForBoth() throws Exception {
        Path conf = ImageTest.image().resolve("conf/nats.conf");
        Run natsj = natsj("-c", conf.toString(), "-t");
        assertEquals(0, natsj.exitCode(), natsj.output());
        assertTrue(natsj.output().contains("is valid"), natsj.output());
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server not installed");
        Run nats = natsServer("-c", conf.toString(), "-t");
        assertEquals(0, nats.exitCode(), nats.output());
    }

    @Test
    void everySwitchedOffSettingOfTheShippedConfigWorks() throws Exception {
        for (String pem : List.of("server-cert.pem", "server-key.pem", "ca.pem")) {
            Files.copy(CERTS.resolve(pem), tmp.resolve(pem));
        }
        Path all = Files.writeString(tmp.resolve("all.conf"),
                switchedOn(Files.readString(ImageTest.image().resolve("conf/nats.conf"))));
        Run natsj = natsj("-c", all.toString(), "-t");
        assertEquals(0, natsj.exitCode(), natsj.output() + "\n" + Files.readString(all));
        // And the server runs with all of it (files in the temporary directory, ports free).
        String here = Files.readString(all).replace("/var/log/natsj.log", tmp.resolve("natsj.log").toString())
                .replace("/var/run/natsj.pid", tmp.resolve("natsj.pid").toString())
                .replace("\"/var/run\"", "\"" + tmp + "\"");
        Process server = start("-c", Files.writeString(tmp.resolve("run.conf"), here).toString(),
                "-a", "127.0.0.1", "-p", "-1", "-m", "-1", "--cluster", "nats://127.0.0.1:-1");
        try (Socket s = new Socket("127.0.0.1", awaitPort(server))) {
            s.setSoTimeout(10_000);
            String info = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(info.contains("\"tls_available\":true") && info.contains("\"cluster\":\"c1\""), info);
        }
        server.destroy();
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "still running 10s after SIGTERM");
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server not installed");
        Run nats = natsServer("-c", all.toString(), "-t");
        assertEquals(0, nats.exitCode(), nats.output() + "\n" + Files.readString(all));
    }

    @Test
    void shippedConfigStarts() throws Exception {
        Process server = start("-c", ImageTest.image().resolve("conf/nats.conf").toString(),
                "-a", "127.0.0.1", "-p", "-1", "-m", "-1", "--ports_file_dir", tmp.toString());
        int port = awaitPort(server);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String info = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(info != null && info.startsWith("INFO {"), "first line: " + info);
        }
        server.destroy();
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "still running 10s after SIGTERM");
    }

    @Test
    void checkLoadsTheClientAndClusterTlsBlocks() throws Exception {
        String missing = "tls { cert_file: \"missing-cert.pem\", key_file: \"missing-key.pem\" }";
        for (String block : List.of(missing, "cluster { name: c1, port: -1, " + missing + " }")) {
            Path conf = Files.writeString(tmp.resolve("tls.conf"), block + "\n");
            Run natsj = natsj("-c", conf.toString(), "-t");
            assertEquals(1, natsj.exitCode(), block + ": " + natsj.output());
            String where = block.startsWith("cluster") ? "cluster.tls.cert_file" : "tls.cert_file";
            assertTrue(natsj.output().contains(where) && natsj.output().contains("missing-cert.pem"),
                    block + ": " + natsj.output());
            if (Files.isExecutable(NATS_SERVER)) {
                Run nats = natsServer("-c", conf.toString(), "-t");
                assertEquals(1, nats.exitCode(), block + ": " + nats.output());
                assertTrue(nats.output().contains("missing-cert.pem"), nats.output());
            }
        }
    }

    /**
     * {@code -t} reads the websocket section as start-up would. nats-server 2.9.10 checks only
     * what its parser knows (an unknown field) and calls {@code websocket { port: -1 }} valid,
     * then refuses it at start-up for want of TLS; natsj says so at {@code -t} already.
     */
    @Test
    void checkReadsTheWebSocketSection() throws Exception {
        Path unknown = Files.writeString(tmp.resolve("ws-unknown.conf"), "websocket { port: -1, no_tls: true, bogus: 1 }\n");
        Run natsj = natsj("-c", unknown.toString(), "-t");
        assertEquals(1, natsj.exitCode(), natsj.output());
        assertTrue(natsj.output().contains("bogus"), natsj.output());
        Path noTls = Files.writeString(tmp.resolve("ws-notls.conf"), "websocket { port: -1 }\n");
        natsj = natsj("-c", noTls.toString(), "-t");
        assertEquals(1, natsj.exitCode(), natsj.output());
        assertTrue(natsj.output().contains("websocket requires TLS configuration"), natsj.output());
        if (Files.isExecutable(NATS_SERVER)) {
            Run nats = natsServer("-c", unknown.toString(), "-t");
            assertEquals(1, nats.exitCode(), nats.output());
            assertTrue(nats.output().contains("unknown field \"bogus\""), nats.output());
        }
    }

    /**
     * The config with every switched-off setting switched on: a line of {@code #} directly
     * followed by a setting, and every line of a block that starts so, up to its {@code #}}.
     */
    static String switchedOn(String conf) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (String line : conf.split("\n", -1)) {
            boolean setting = line.length() > 1 && line.charAt(0) == '#' && !Character.isWhitespace(line.charAt(1))
                    && line.charAt(1) != '#';
            if (setting || (depth > 0 && line.startsWith("#"))) {
                String text = line.substring(1);
                depth += count(text, '{') - count(text, '}');
                out.append(text);
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int count(String text, char c) {
        String code = text.contains("#") ? text.substring(0, text.indexOf('#')) : text;
        return (int) code.chars().filter(ch -> ch == c).count();
    }

    private Run natsj(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ImageTest.image().resolve("bin/nats").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private Run natsServer(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NATS_SERVER.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs a command in the temporary directory (relative certificate paths resolve there). */
    private Run run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "run", ".out");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "did not exit: " + cmd);
        return new Run(p.exitValue(), Files.readString(out));
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ImageTest.image().resolve("bin/nats").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("server.out").toFile()).start();
        started.add(p);
        return p;
    }

    private int awaitPort(Process server) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            OptionalInt port = PortsFile.clientPort(tmp);
            if (port.isPresent()) {
                return port.getAsInt();
            }
            assertTrue(server.isAlive(), () -> "server exited: " + log());
            assertTrue(System.nanoTime() < deadline, () -> "server not listening: " + log());
            Thread.sleep(20);
        }
    }

    private String log() {
        try {
            Path logFile = tmp.resolve("natsj.log");
            return Files.readString(tmp.resolve("server.out"))
                    + (Files.exists(logFile) ? Files.readString(logFile) : "");
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
