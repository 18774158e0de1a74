package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.ServerProcesses;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JetStream server of either target as a separate OS process on a store directory, so that a
 * test can kill it as a crash would ({@code kill -9}) and start it again on the same directory.
 * natsj runs from the tests' own class path ({@code io.natsj.kernel.Main}, as the cluster tests'
 * nodes do): the tests module is built before the jlink image, so on a clean build there is no
 * image yet, and an image left by an earlier build may hold other code. With
 * {@code -Dnatsj.test.image=<image dir>} natsj runs as the image's {@code bin/nats} instead.
 * nats-server is the reference binary. Both get nats-server's flags
 * ({@code -js -sd DIR -p -1 -m -1 --ports_file_dir}) and the ports are read from the ports file
 * of the current process.
 *
 * <p>A file size limit ({@code ulimit -f}, in KiB) makes every write past it fail with
 * {@code EFBIG}: a full disk for one file, without mounting anything (the JVM ignores
 * {@code SIGXFSZ}, so the write fails instead of the process dying).
 */
final class JetStreamProcess implements ServerUnderTest {

    static final Path GO_BINARY = Path.of(System.getProperty("natsj.test.nats-server", "/usr/sbin/nats-server"));
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Target target;
    private final Path storeDir;
    private final Path workDir;
    private int starts;
    private Process process;
    private Path log;
    private int clientPort;
    private int monitorPort;

    private JetStreamProcess(Target target, Path storeDir, Path workDir) {
        this.target = target;
        this.storeDir = storeDir;
        this.workDir = workDir;
    }

    /**
     * Starts the target with JetStream on {@code storeDir}.
     *
     * @param fileSizeLimitKib the {@code ulimit -f} of the process in KiB, or 0 for none
     * @return the running server, its client and monitor listeners up
     */
    static JetStreamProcess start(Target target, Path storeDir, long fileSizeLimitKib) {
        if (target == Target.NATS_SERVER) {
            assumeTrue(Files.isExecutable(GO_BINARY), "nats-server binary not found at " + GO_BINARY);
        }
        try {
            JetStreamProcess p = new JetStreamProcess(target, storeDir,
                    Files.createTempDirectory("natsj-js-process-" + target.id()));
            try {
                p.launch(fileSizeLimitKib);
            } catch (RuntimeException | IOException e) {
                p.close();
                throw e;
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the server's command line on {@code storeDir} */
    private static List<String> command(Target target, Path storeDir, Path portsDir) {
        List<String> cmd = new ArrayList<>();
        String image = System.getProperty("natsj.test.image", "");
        if (target == Target.NATSJ && !image.isEmpty()) {
            cmd.add(Path.of(image, "bin", "nats").toString());
        } else if (target == Target.NATSJ) {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:-UsePerfData", "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "io.natsj.kernel.Main"));
        } else {
            cmd.add(GO_BINARY.toString());
        }
        cmd.addAll(List.of("-a", "127.0.0.1", "-p", "-1", "-m", "-1", "-js", "-sd", storeDir.toString(),
                "--ports_file_dir", portsDir.toString()));
        return cmd;
    }

    private void launch(long fileSizeLimitKib) throws IOException {
        starts++;
        log = workDir.resolve("server-" + starts + ".log");
        List<String> cmd = new ArrayList<>();
        if (fileSizeLimitKib > 0) {
            // exec: the pid the test holds is the server itself, not a shell around it.
            cmd.addAll(List.of("bash", "-c", "ulimit -f " + fileSizeLimitKib + " && exec \"$@\"", "bash"));
        }
        cmd.addAll(command(target, storeDir, workDir));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitPorts();
        } catch (RuntimeException | IOException e) {
            kill();
            throw e;
        }
    }

    private void awaitPorts() throws IOException {
        // <program>_<pid>.ports: the file of a killed earlier process stays, so the pid picks ours.
        String suffix = "_" + process.pid() + ".ports";
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(target + " exited: " + log());
            }
            Path ports = ServerProcesses.portsFile(workDir, suffix);
            if (ports != null && readPorts(ports)) {
                return;
            }
            ServerProcesses.sleepBriefly();
        }
        throw new IllegalStateException(target + " did not write its ports file: " + log());
    }

    private boolean readPorts(Path file) throws IOException {
        JsonNode ports = ServerProcesses.readPorts(file);
        if (ports == null || !ports.has("nats") || !ports.has("monitoring")) {
            return false;
        }
        clientPort = ServerProcesses.port(ports.get("nats"));
        monitorPort = ServerProcesses.port(ports.get("monitoring"));
        return true;
    }

    /**
     * Runs the target on {@code storeDir} expecting it to refuse to start.
     *
     * @return the exit code and everything it printed
     */
    static Exit runExpectingExit(Target target, Path storeDir) throws IOException, InterruptedException {
        if (target == Target.NATS_SERVER) {
            assumeTrue(Files.isExecutable(GO_BINARY), "nats-server binary not found at " + GO_BINARY);
        }
        Path work = Files.createTempDirectory("natsj-js-exit-" + target.id());
        Path out = work.resolve("out.log");
        Process p = new ProcessBuilder(command(target, storeDir, work)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Exit(-1, Files.readString(out));
            }
            return new Exit(p.exitValue(), Files.readString(out));
        } finally {
            p.destroyForcibly();
            deleteTree(work);
        }
    }

    /** A process's exit code ({@code -1}: it did not exit) and output. */
    record Exit(int code, String output) {
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public int port() {
        return clientPort;
    }

    @Override
    public void enterLameDuckMode() {
        ServerProcesses.enterLameDuckMode(process);
    }

    /** @return true while the server process runs */
    boolean alive() {
        return process.isAlive();
    }

    /** Kills the process at once ({@code SIGKILL}), as a crash would, and waits for it to be gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Stops the process cleanly ({@code SIGTERM}) and waits for it. */
    void stop() {
        process.destroy();
        if (!awaitExit()) {
            kill();
        }
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts the server again on the same store directory (after {@link #kill} or {@link #stop}).
     *
     * @param fileSizeLimitKib the {@code ulimit -f} of the new process in KiB, or 0 for none
     */
    void restart(long fileSizeLimitKib) {
        if (process.isAlive()) {
            throw new IllegalStateException("restart of a running server");
        }
        try {
            launch(fileSizeLimitKib);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the log of the current (or last) process */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * @param path the endpoint with its query, e.g. {@code /jsz?streams=true}
     * @return its JSON
     */
    JsonNode monitor(String path) {
        return ServerProcesses.monitor(monitorPort, path);
    }

    /** @return every block file of the store, in name order (natsj's {@code .blk}, nats-server's {@code .blk}) */
    List<Path> blockFiles() throws IOException {
        try (Stream<Path> files = Files.walk(storeDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".blk")).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) {
        try {
            ServerProcesses.deleteTree(dir);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
        deleteTree(workDir);
    }
}
