package io.natsj.bench.startup;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** One server process started for a measurement, stopped (SIGTERM, then SIGKILL) on close. */
final class StartedServer implements AutoCloseable {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Pattern CLIENT_PORT = Pattern.compile("\"nats\"\\s*:\\s*\\[\\s*\"[a-z]+://[^\"]*:(\\d+)\"");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ on every current kernel

    /**
     * @param portsFileMillis exec to a complete ports file
     * @param pongMillis exec to the PONG answering a first client's CONNECT and PING
     * @param cpuSeconds user and system CPU of the process at that PONG
     * @param idleRssKib resident memory right after that PONG
     */
    record Measurement(double portsFileMillis, double pongMillis, double cpuSeconds, long idleRssKib) {
    }

    private final Process process;
    private final Path dir;
    private final long startNanos;

    private StartedServer(Process process, Path dir, long startNanos) {
        this.process = process;
        this.dir = dir;
        this.startNanos = startNanos;
    }

    static StartedServer start(List<String> command) throws IOException {
        Path dir = Files.createTempDirectory("nats-startup");
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("--ports_file_dir", dir.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile()).start();
        return new StartedServer(process, dir, start);
    }

    /** Starts {@code count} servers at once; returns each one's exec-to-ports-file time, in ms. */
    static List<Double> startTogether(List<String> command, int count) throws IOException {
        List<StartedServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                servers.add(start(command));
            }
            List<Double> times = new ArrayList<>();
            for (StartedServer s : servers) {
                s.awaitPortsFile();
                times.add(s.millisSinceStart(s.portsFileSeenNanos));
            }
            return times;
        } finally {
            servers.forEach(StartedServer::close);
        }
    }

    private long portsFileSeenNanos;

    /** Waits for the ports file, then connects, pings and reads the process's figures. */
    Measurement measure() throws IOException {
        String ports = awaitPortsFile();
        double portsMillis = millisSinceStart(portsFileSeenNanos);
        Matcher m = CLIENT_PORT.matcher(ports);
        if (!m.find()) {
            throw new IOException("no client URL in the ports file: " + ports);
        }
        firstPong(Integer.parseInt(m.group(1)));
        double pongMillis = millisSinceStart(System.nanoTime());
        return new Measurement(portsMillis, pongMillis, cpuSeconds(), rssKib());
    }

    private String awaitPortsFile() throws IOException {
        // A ports file has no event to wait on: poll it, finely, for an accurate time.
        while (System.nanoTime() - startNanos < DEADLINE_NANOS) {
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("log")));
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".ports")).toList()) {
                    String text = Files.readString(f);
                    if (text.strip().endsWith("}")) {
                        portsFileSeenNanos = System.nanoTime();
                        return text;
                    }
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("no ports file within 30 s: " + Files.readString(dir.resolve("log")));
    }

    private static void firstPong(int port) throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(30_000);
            Socket socket = plain;
            var in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            String info = in.readLine();
            if (info == null || !info.startsWith("INFO")) {
                throw new IOException("expected INFO, got " + info);
            }
            if (info.contains("\"tls_required\":true")) {
                var ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
                ssl.startHandshake();
                socket = ssl;
                in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
            }
            OutputStream out = socket.getOutputStream();
            out.write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("PONG")) {
                    return;
                }
                if (line.startsWith("-ERR")) {
                    throw new IOException("server said " + line);
                }
            }
            throw new IOException("closed before PONG");
        }
    }

    private static SSLContext trustAll() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command: state is field 3, utime 14 and stime 15 (1-based, proc(5)).
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return (double) ticks / CLOCK_TICKS_PER_SECOND;
    }

    private long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private double millisSinceStart(long nanos) {
        return (nanos - startNanos) / 1e6;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
