package io.natsj.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Starts the built image the way a tool starts nats-server, and stops it the same way. */
class ImageTest {
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final Pattern LOG_PORT =
            Pattern.compile("Listening for client connections on [^ ]*:(\\d+)");

    @TempDir
    Path tmp;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    static Path image() {
        String dir = System.getProperty("natsj.image.dir");
        if (dir == null) {
            fail("system property natsj.image.dir is not set (run through ./mvnw verify)");
        }
        Path image = Path.of(dir);
        // Fail, never skip: a missing image is a broken build.
        assertTrue(Files.isExecutable(image.resolve("bin/nats")), "no image at " + image);
        return image;
    }

    @Test
    void natsStartsAnswersWithInfoAndExitsZeroOnSigterm() throws Exception {
        Process server = start("nats", "-DnatsjTestMarker=1");
        int port = awaitPort(server);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String info = in.readLine();
            assertTrue(info != null && info.startsWith("INFO {"), "first line: " + info);
        }
        // bin/nats execs the JVM: the pid we started is the server, not a shell around it.
        String command = server.info().command().orElse("");
        assertTrue(command.endsWith("/runtime/bin/java"), "pid " + server.pid() + " runs " + command);
        String[] jvmArgs = server.info().arguments().orElse(new String[0]);
        assertTrue(List.of(jvmArgs).contains("-DnatsjTestMarker=1"), "NATSJ_JAVA_OPTS not passed on: "
                + String.join(" ", jvmArgs));
        assertStopsCleanly(server);
    }

    @Test
    void natsServerIsTheSameProgramAndWritesItsOwnPidFile() throws Exception {
        Path pidFile = tmp.resolve("natsj.pid");
        Process server = start("nats-server", "", "-P", pidFile.toString());
        awaitPort(server);
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            assertTrue(System.nanoTime() < deadline, "no pid file " + pidFile);
            Thread.sleep(20);
        }
        assertEquals(String.valueOf(server.pid()), Files.readString(pidFile).strip());
        assertStopsCleanly(server);
    }

    @Test
    void signalFlagStopsTheServerNamedByItsPidFile() throws Exception {
        Path pidFile = tmp.resolve("signal.pid");
        Process server = start("nats", "", "-P", pidFile.toString());
        awaitPort(server);
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            assertTrue(System.nanoTime() < deadline, "no pid file " + pidFile);
            Thread.sleep(20);
        }
        Process signal = new ProcessBuilder(image().resolve("bin/nats").toString(), "--signal", "term=" + pidFile)
                .redirectErrorStream(true).start();
        assertTrue(signal.waitFor(20, TimeUnit.SECONDS), "--signal did not return");
        assertEquals(0, signal.exitValue(), new String(signal.getInputStream().readAllBytes()));
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "server still running after --signal term");
        assertEquals(0, server.exitValue(), logs());
    }

    @Test
    void systemAdvisoriesWorkOnTheModulePath() throws Exception {
        // The image runs on the module path, where Jackson sees only what the kernel opens.
        Path conf = tmp.resolve("sys.conf");
        Files.writeString(conf, """
                accounts {
                  SYS: { users: [ {user: sys, password: sys} ] }
                  A: { users: [ {user: a, password: a} ] }
                }
                system_account: SYS
                """);
        Process server = start("nats", "", "-c", conf.toString());
        int port = awaitPort(server);
        try (Socket sys = new Socket("127.0.0.1", port); Socket a = new Socket("127.0.0.1", port)) {
            sys.setSoTimeout(10_000);
            a.setSoTimeout(10_000);
            BufferedReader sysIn = new BufferedReader(new InputStreamReader(sys.getInputStream(), StandardCharsets.UTF_8));
            BufferedReader aIn = new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8));
            sysIn.readLine();
            sys.getOutputStream().write(("CONNECT {\"user\":\"sys\",\"pass\":\"sys\",\"verbose\":false}\r\n"
                    + "SUB $SYS.ACCOUNT.*.CONNECT 1\r\nPING\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("PONG", sysIn.readLine());
            aIn.readLine();
            a.getOutputStream().write("CONNECT {\"user\":\"a\",\"pass\":\"a\",\"verbose\":false}\r\nPING\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals("PONG", aIn.readLine(), "the client whose CONNECT is advertised stays connected");
            String advisory = sysIn.readLine();
            assertTrue(advisory.startsWith("MSG $SYS.ACCOUNT.A.CONNECT 1 "), advisory);
            assertTrue(sysIn.readLine().contains("\"type\":\"io.nats.server.advisory.v1.client_connect\""));
        }
        assertStopsCleanly(server);
    }

    @Test
    void everyPluginsStartPathIsInTheAotCache() throws Exception {
        // The training run switched every plugin on: a server with TLS, a cluster, users and wss
        // must find its classes in the AOT cache, not load them (a TLS listener once loaded
        // 1,400 classes outside the cache and took seconds to start).
        Path certs = Path.of(System.getProperty("natsj.certs.dir"));
        Path conf = tmp.resolve("all.conf");
        Files.writeString(conf, """
                tls { cert_file: "%1$s", key_file: "%2$s", ca_file: "%3$s", verify: true }
                authorization { users: [ {user: a, password: "$2a$10$LoRPzN3GtF2pNX5QgCBBHeUr6/zVN./RVGOu5U8SpHyg2sfzvfXji"} ] }
                cluster { name: c, listen: "127.0.0.1:-1" }
                websocket { listen: "127.0.0.1:-1", compression: true, tls { cert_file: "%1$s", key_file: "%2$s" } }
                """.formatted(certs.resolve("server-cert.pem"), certs.resolve("server-key.pem"), certs.resolve("ca.pem")));
        Path classLog = tmp.resolve("classes.txt");
        Process server = start("nats", "-Xlog:class+load=info:file=" + classLog, "-c", conf.toString());
        awaitPort(server);
        assertStopsCleanly(server);
        List<String> loaded = Files.readAllLines(classLog);
        List<String> outside = loaded.stream().filter(l -> !l.contains("shared objects file")).toList();
        assertTrue(loaded.size() > 1000, "class loading was not logged:\n" + String.join("\n", loaded));
        // A few dozen generated classes (lambda forms, proxies) are always made at run time.
        assertTrue(outside.size() < 150, outside.size() + " of " + loaded.size()
                + " classes loaded outside the AOT cache:\n" + String.join("\n", outside));
    }

    /** Starts bin/LAUNCHER of the image with NATSJ_JAVA_OPTS=javaOpts and extra flags. */
    private Process start(String launcher, String javaOpts, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(image().resolve("bin/" + launcher).toString(),
                "-a", "127.0.0.1", "-p", "-1", "--ports_file_dir", tmp.toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(launcher + ".out").toFile())
                .redirectError(tmp.resolve(launcher + ".err").toFile());
        pb.environment().put("NATSJ_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The client port, from the ports file nats-server writes or from its startup log line. */
    private int awaitPort(Process server) throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            OptionalInt port = PortsFile.clientPort(tmp);
            if (port.isPresent()) {
                return port.getAsInt();
            }
            for (String name : List.of("nats.err", "nats-server.err", "nats.out", "nats-server.out")) {
                Path log = tmp.resolve(name);
                if (Files.exists(log)) {
                    Matcher m = LOG_PORT.matcher(Files.readString(log));
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            }
            if (!server.isAlive()) {
                fail("server exited with " + server.exitValue() + " before listening:\n" + logs());
            }
            if (System.nanoTime() > deadline) {
                fail("server not listening after " + START_DEADLINE + ":\n" + logs());
            }
            Thread.sleep(20);
        }
    }

    private void assertStopsCleanly(Process server) throws Exception {
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "still running 10s after SIGTERM");
        // nats-server 2.9.10 dies of SIGTERM (a parent sees 143); a JVM that shuts down
        // in order exits 143 too, and 0 is as good.
        int rc = server.exitValue();
        assertTrue(rc == 0 || rc == 143, "exit code " + rc + " after SIGTERM:\n" + logs());
    }

    private String logs() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(tmp)) {
            for (Path f : files.filter(f -> f.toString().matches(".*\\.(out|err)$")).toList()) {
                sb.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        }
        return sb.toString();
    }
}
