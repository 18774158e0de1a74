package io.natsj.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests that run servers as child processes (clusters, JetStream restarts) share: the
 * ports file a server writes once its listeners are up ({@code --ports_file_dir}, read while it
 * may still be half written), its monitoring endpoints, stopping it and signalling lame duck
 * mode, the short pause between polls, and the removal of its working directory.
 */
public final class ServerProcesses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerProcesses() {
    }

    /**
     * @param dir the directory given as {@code --ports_file_dir}
     * @param suffix how the file's name ends ({@code .ports}, or {@code _<pid>.ports} to pick one process's)
     * @return the ports file, or null while there is none
     */
    public static Path portsFile(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }

    /**
     * @param file a ports file
     * @return its JSON, or null while it is partly written
     */
    public static JsonNode readPorts(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException partlyWritten) {
            return null;
        }
    }

    /**
     * @param urls a ports file's list of URLs for one listener ({@code nats}, {@code cluster}, …)
     * @return the port of the first
     */
    public static int port(JsonNode urls) {
        String url = urls.get(0).asText();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1).replace("/", ""));
    }

    /**
     * @param monitorPort the server's monitoring port
     * @param path the endpoint with its query, e.g. {@code /jsz?streams=true}
     * @return its JSON
     */
    public static JsonNode monitor(int monitorPort, String path) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + monitorPort + path)
                    .toURL().openConnection();
            http.setConnectTimeout(5000);
            http.setReadTimeout(5000);
            try (InputStream in = http.getInputStream()) {
                return JSON.readTree(in);
            } finally {
                http.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a server cleanly ({@code SIGTERM}), killing it when it has not exited after five
     * seconds, and waits for it to be gone.
     *
     * @param process the server
     */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** @param process a server to put in lame duck mode ({@code SIGUSR2}, as {@code --signal ldm} does) */
    public static void enterLameDuckMode(Process process) {
        try {
            Process kill = new ProcessBuilder("kill", "-USR2", Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -USR2 failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes a server's working directory, whose files lie directly in it; a file left behind
     * is harmless, so failures are ignored.
     *
     * @param dir the directory
     */
    public static void deleteFlatDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    /** The pause between two polls of a condition that has a deadline. */
    public static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @param dir a directory to remove with everything in it */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
