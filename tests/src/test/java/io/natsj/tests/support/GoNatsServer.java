package io.natsj.tests.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The reference nats-server as a child process, configured through a temporary file holding the
 * same settings the natsj run gets.
 */
final class GoNatsServer implements ServerUnderTest {

    private static final Path BINARY = Path.of(System.getProperty("natsj.test.nats-server", "/usr/sbin/nats-server"));
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path dir;

    private GoNatsServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static ServerUnderTest start(String config, int requestedPort) {
        assumeTrue(Files.isExecutable(BINARY), "nats-server binary not found at " + BINARY);
        try {
            int port = requestedPort > 0 ? requestedPort : freePort();
            Path dir = Files.createTempDirectory("nats-server-test");
            Path conf = Files.writeString(dir.resolve("server.conf"), config + "\n");
            Path log = dir.resolve("server.log");
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "-c", conf.toString(),
                    "-a", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            GoNatsServer server = new GoNatsServer(process, port, dir);
            server.awaitListening(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls the port until it accepts a connection; fails early if the process died. */
    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        close();
        throw new IllegalStateException("nats-server did not listen on " + port + ": " + Files.readString(log));
    }

    @Override
    public Target target() {
        return Target.NATS_SERVER;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void enterLameDuckMode() {
        ServerProcesses.enterLameDuckMode(process);
    }

    @Override
    public void close() {
        ServerProcesses.stop(process);
        ServerProcesses.deleteFlatDirectory(dir);
    }
}
