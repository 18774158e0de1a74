package io.natsj.kernel.server;

import io.natsj.config.cli.SignalRequest;
import io.natsj.kernel.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * POSIX signals, as nats-server handles them: TERM and INT stop the server gracefully, USR2
 * enters lame duck mode; and {@code --signal CMD[=PID]} sends them to a running server.
 *
 * <p>A signal the JVM keeps for itself is reported at startup as one that cannot be trapped.
 */
public final class Signals {

    private static final Map<String, String> COMMAND_SIGNALS = Map.of(
            "stop", "KILL", "quit", "INT", "term", "TERM", "reopen", "USR1", "reload", "HUP", "ldm", "USR2");

    private Signals() {
    }

    /**
     * @param server the running server
     * @param stopped counted down to stop the process
     */
    public static void install(Server server, CountDownLatch stopped) {
        handle("TERM", s -> {
            Log.debug("Trapped \"terminated\" signal");
            stopped.countDown();
        });
        handle("INT", s -> {
            Log.debug("Trapped \"interrupt\" signal");
            stopped.countDown();
        });
        handle("USR2", s -> Thread.ofPlatform().name("natsj-ldm").start(server::enterLameDuckMode));
        handle("HUP", s -> Log.error("Failed to reload server configuration: config reload is not supported by natsj yet"));
        handle("USR1", s -> Log.error("Failed to reopen log file: log reopening is not supported by natsj yet"));
    }

    private static void handle(String name, sun.misc.SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            Log.warn("Signal " + name + " cannot be trapped in this JVM: " + e.getMessage());
        }
    }

    /**
     * Sends a signal to a running server, as {@code nats-server --signal} does.
     *
     * @param request the command and the process (a pid, a pid file, or none to find it)
     * @return the process exit code
     */
    public static int send(SignalRequest request) {
        String signal = COMMAND_SIGNALS.get(request.command());
        try {
            String pid = request.pid().isPresent() ? resolvePid(request.pid().get()) : findServer();
            Process kill = new ProcessBuilder("kill", "-s", signal, pid).inheritIO().start();
            if (kill.waitFor() != 0) {
                System.err.println("nats-server: could not send signal to " + pid);
                return 1;
            }
            return 0;
        } catch (IOException | IllegalStateException e) {
            System.err.println("nats-server: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String resolvePid(String pidOrFile) throws IOException {
        Path file = Path.of(pidOrFile);
        String pid = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : pidOrFile;
        if (!pid.matches("\\d+")) {
            throw new IllegalStateException("invalid pid: " + pid);
        }
        return pid;
    }

    private static String findServer() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "io.natsj.kernel.Main").start();
        String self = Long.toString(ProcessHandle.current().pid());
        List<String> pids = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(String::trim).filter(s -> !s.isEmpty() && !s.equals(self)).toList();
        p.waitFor();
        if (pids.isEmpty()) {
            throw new IllegalStateException("no nats-server processes running");
        }
        if (pids.size() > 1) {
            throw new IllegalStateException("multiple nats-server processes running:\n" + String.join("\n", pids));
        }
        return pids.getFirst();
    }
}
