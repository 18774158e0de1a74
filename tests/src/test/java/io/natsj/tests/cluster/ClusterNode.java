package io.natsj.tests.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.ServerProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster member as a separate process: natsj started with the tests' own class path
 * ({@code io.natsj.kernel.Main}), or the Go nats-server. Every port is ephemeral; the client
 * and cluster ports are read from the ports file ({@code ports_file_dir}), the monitor port
 * from the ports file (nats-server) or the log (natsj).
 */
final class ClusterNode implements AutoCloseable {

    static final Path GO_BINARY = Path.of(System.getProperty("natsj.test.nats-server", "/usr/sbin/nats-server"));
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Pattern GATEWAY_LINE = Pattern.compile("Listening for gateways connections on [^\\s]*:(\\d+)");
    private static final Pattern LEAF_LINE = Pattern.compile("Listening for leafnode connections on [^\\s]*:(\\d+)");
    private static final Pattern MONITOR_LINE = Pattern.compile("Starting http monitor on [^\\s]*:(\\d+)");

    private final String name;
    private final Process process;
    private final Path dir;
    private final Path log;
    private boolean clustered = true;
    private int clientPort;
    private int clusterPort;
    private int gatewayPort;
    private int monitorPort;

    private ClusterNode(String name, Process process, Path dir, Path log) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    /**
     * @param name the server name
     * @param routes the route URLs to solicit
     * @param clusterExtra more lines for the cluster block
     * @return the started natsj, its listeners up
     */
    static ClusterNode natsj(String name, List<String> routes, String clusterExtra) {
        return natsj(name, routes, clusterExtra, "");
    }

    /**
     * @param name server name
     * @param routes route URLs to solicit
     * @param clusterExtra more lines for the cluster block
     * @param topExtra more lines after the cluster block (accounts, ...)
     */
    static ClusterNode natsj(String name, List<String> routes, String clusterExtra, String topExtra) {
        return natsj(name, -1, routes, clusterExtra, topExtra);
    }

    /**
     * As {@link #natsj(String, List, String, String)} on a given cluster port (-1: a random one),
     * for servers that must know each other's route URL before either starts.
     */
    static ClusterNode natsj(String name, int clusterPort, List<String> routes, String clusterExtra, String topExtra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(name, clusterPort, routes, clusterExtra, topExtra, dir -> List.of(java, "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "io.natsj.kernel.Main", "-c",
                dir.resolve("server.conf").toString()));
    }

    /**
     * A server of either kind without a {@code cluster} block (a hub or leaf with JetStream,
     * which nats-server would otherwise run clustered).
     *
     * @param kind {@code natsj} or {@code nats-server}
     * @param name the server name
     * @param topExtra the configuration after the listeners
     * @return the started server, its client and monitor listeners up
     */
    static ClusterNode standalone(String kind, String name, String topExtra) {
        if (kind.equals("natsj")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return start(name, -1, List.of(), null, topExtra, dir -> {
                List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
                // For profiling a run (e.g. -XX:StartFlightRecording=...), after the defaults so they win.
                String extra = System.getProperty("natsj.test.jvm-options", "").trim();
                if (!extra.isEmpty()) {
                    cmd.addAll(List.of(extra.split("\\s+")));
                }
                cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")), "io.natsj.kernel.Main", "-c",
                        dir.resolve("server.conf").toString()));
                return cmd;
            });
        }
        return start(name, -1, List.of(), null, topExtra, dir -> List.of(GO_BINARY.toString(), "-c",
                dir.resolve("server.conf").toString()));
    }

    /**
     * natsj started by nats-server's command-line flags alone (no config file), as tools do.
     *
     * @param name the server name
     * @param flags the cluster flags ({@code --cluster}, {@code --routes}, …)
     * @return the started server, its listeners up
     */
    static ClusterNode natsjWithFlags(String name, List<String> flags) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(name, -1, List.of(), "", "", dir -> {
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "io.natsj.kernel.Main", "-n", name, "-a", "127.0.0.1", "-p", "-1", "-m", "-1",
                    "--ports_file_dir", dir.toString()));
            cmd.addAll(flags);
            return cmd;
        });
    }

    /**
     * @param name the server name
     * @param routes the route URLs to solicit
     * @param clusterExtra more lines for the cluster block
     * @return the started nats-server, its listeners up
     */
    static ClusterNode go(String name, List<String> routes, String clusterExtra) {
        return go(name, routes, clusterExtra, "");
    }

    /** As {@link #go(String, List, String)}, with lines after the cluster block. */
    static ClusterNode go(String name, List<String> routes, String clusterExtra, String topExtra) {
        return go(name, -1, routes, clusterExtra, topExtra);
    }

    /** As {@link #go(String, List, String, String)} on a given cluster port (-1: a random one). */
    static ClusterNode go(String name, int clusterPort, List<String> routes, String clusterExtra, String topExtra) {
        return start(name, clusterPort, routes, clusterExtra, topExtra, dir -> List.of(GO_BINARY.toString(), "-c",
                dir.resolve("server.conf").toString()));
    }

    private static ClusterNode start(String name, int clusterPortWanted, List<String> routes, String clusterExtra,
                                     String topExtra,
                                     java.util.function.Function<Path, List<String>> command) {
        try {
            Path dir = Files.createTempDirectory("natsj-cluster-" + name);
            StringBuilder routeList = new StringBuilder();
            for (String r : routes) {
                routeList.append(routeList.isEmpty() ? "" : ", ").append('"').append(r).append('"');
            }
            String cluster = clusterExtra == null ? "" : """
                    cluster {
                      name: c1
                      host: 127.0.0.1
                      port: %d
                      routes: [%s]
                      %s
                    }
                    """.formatted(clusterPortWanted, routeList, clusterExtra);
            String conf = """
                    server_name: %s
                    host: 127.0.0.1
                    port: -1
                    http_port: -1
                    ports_file_dir: "%s"
                    %s
                    %s
                    """.formatted(name, dir, cluster, topExtra);
            Files.writeString(dir.resolve("server.conf"), conf);
            Path log = dir.resolve("server.log");
            Process process = new ProcessBuilder(command.apply(dir))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ClusterNode node = new ClusterNode(name, process, dir, log);
            node.clustered = clusterExtra != null;
            try {
                node.awaitPorts();
            } catch (RuntimeException | IOException e) {
                node.close();
                throw e;
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPorts() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            Path ports = ServerProcesses.portsFile(dir, ".ports");
            if (ports != null && readPorts(ports)) {
                return;
            }
            ServerProcesses.sleepBriefly();
        }
        throw new IllegalStateException(name + " did not write its ports file: " + Files.readString(log));
    }

    private boolean readPorts(Path file) throws IOException {
        JsonNode ports = ServerProcesses.readPorts(file);
        if (ports == null || !ports.has("nats") || (clustered && !ports.has("cluster"))) {
            return false;
        }
        clientPort = ServerProcesses.port(ports.get("nats"));
        if (clustered) {
            clusterPort = ServerProcesses.port(ports.get("cluster"));
        }
        if (ports.has("gateway")) {
            gatewayPort = ServerProcesses.port(ports.get("gateway"));
        }
        if (ports.has("monitoring")) {
            monitorPort = ServerProcesses.port(ports.get("monitoring"));
            return true;
        }
        Matcher m = MONITOR_LINE.matcher(Files.readString(log));
        if (!m.find()) {
            return false;
        }
        monitorPort = Integer.parseInt(m.group(1));
        return true;
    }

    String name() {
        return name;
    }

    /** @return the client URL */
    String clientUrl() {
        return "nats://127.0.0.1:" + clientPort;
    }

    /** @return the gateway URL other clusters dial, when the server has a gateway block */
    String gatewayUrl() {
        if (gatewayPort == 0) {
            // nats-server's ports file has no gateway entry; its log names the listener.
            Matcher m = GATEWAY_LINE.matcher(log());
            if (m.find()) {
                gatewayPort = Integer.parseInt(m.group(1));
            }
        }
        return "nats://127.0.0.1:" + gatewayPort;
    }

    /** @return the port leaf nodes dial, when the server has a leafnodes listener (from its log) */
    int leafPort() {
        Matcher m = LEAF_LINE.matcher(log());
        if (!m.find()) {
            throw new IllegalStateException(name + " has no leafnode listener: " + log());
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the route URL others solicit */
    String routeUrl() {
        return "nats://127.0.0.1:" + clusterPort;
    }

    int clientPort() {
        return clientPort;
    }

    /**
     * @param path the endpoint, e.g. {@code /routez}
     * @return its JSON
     */
    JsonNode monitor(String path) {
        return ServerProcesses.monitor(monitorPort, path);
    }

    /** @return the ids of the servers /routez lists */
    List<String> routeIds() {
        List<String> ids = new ArrayList<>();
        monitor("/routez").path("routes").forEach(r -> ids.add(r.path("remote_id").asText()));
        return ids;
    }

    /** @return this server's id, from /varz */
    String serverId() {
        return monitor("/varz").path("server_id").asText();
    }

    /** @return the server's log so far */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the process at once, as a crash would. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ServerProcesses.stop(process);
        ServerProcesses.deleteFlatDirectory(dir);
    }

    @Override
    public String toString() {
        return name + "@" + clientPort;
    }
}
