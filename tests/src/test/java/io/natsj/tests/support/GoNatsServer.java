package io.natsj.tests.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference nats-server as a child process, configured through a temporary file holding the
 * same settings the natsj run gets.
 */
final class GoNatsServer implements ServerUnderTest {

    private static final Path BINARY = Path.of(System.getProperty("natsj.test.nats-server", "/usr/sbin/nats-server"));
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("Listening for client connections on [^\\s]*:(\\d+)");

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
            Path dir = Files.createTempDirectory("nats-server-test");
            Path conf = Files.writeString(dir.resolve("server.conf"), config + "\n");
            Path log = dir.resolve("server.log");
            // -p -1: the server picks its own port, which no other process can take meanwhile.
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "-c", conf.toString(),
                    "-a", "127.0.0.1", "-p", Integer.toString(requestedPort > 0 ? requestedPort : -1)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new GoNatsServer(process, awaitReady(process, log), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the log until the server says it is ready (its client listener is open by then);
     * fails early if the process died. A port probe instead could reach another process that
     * took the port, and take a server that refused its configuration for a running one.
     *
     * @return the client port the server logged
     */
    private static int awaitReady(Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            Matcher listening = LISTENING.matcher(text);
            if (text.contains("Server is ready") && listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(log));
            }
            try {
                Thread.sleep(2); // polling the log file, which has no change notification
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        ServerProcesses.stop(process);
        throw new IllegalStateException("nats-server did not get ready: " + Files.readString(log));
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
