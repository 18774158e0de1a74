package io.natsj.kernel.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.natsj.kernel.log.Log;
import java.io.IOException;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files nats-server writes for the tools that launch it: the pid file ({@code pid_file})
 * and the ports file ({@code <program>_<pid>.ports} in {@code ports_file_dir}), written once
 * the listeners are up and removed at exit.
 */
public final class ProcessFiles {

    private final Server server;
    private final ServerOptions options;
    private Path portsFile;

    /**
     * @param server the started server
     * @param options its options
     */
    public ProcessFiles(Server server, ServerOptions options) {
        this.server = server;
        this.options = options;
    }

    /** Writes the configured files; a failure is logged as nats-server does, not fatal. */
    public void write() {
        long pid = ProcessHandle.current().pid();
        if (options.pidFile() != null) {
            try {
                Files.writeString(options.pidFile(), Long.toString(pid), StandardCharsets.UTF_8);
            } catch (IOException e) {
                Log.error("Could not write pidfile: " + e);
            }
        }
        if (options.portsFileDir() != null) {
            String program = System.getProperty("natsj.program", "nats-server");
            portsFile = options.portsFileDir().resolve(program + "_" + pid + ".ports");
            Map<String, List<String>> ports = new LinkedHashMap<>();
            ports.put("nats", urls("nats", options.host(), server.clientPort()));
            if (server.monitorPort() > 0) {
                ports.put("monitoring", urls("http", options.monitorHost(), server.monitorPort()));
            }
            ports.putAll(server.sectionListenerUrls());
            for (var topology : server.topologies()) {
                List<String> listen = topology.listenUrls();
                if (!listen.isEmpty()) {
                    ports.put(switch (topology.monitorName()) {
                        case "routez" -> "cluster";
                        case "gatewayz" -> "gateway";
                        case "leafz" -> "leafnodes";
                        default -> topology.monitorName();
                    }, listen);
                }
            }
            try {
                Files.writeString(portsFile, json(ports), StandardCharsets.UTF_8);
            } catch (IOException e) {
                Log.error("Error writing ports file (" + portsFile + "): " + e);
            }
        }
    }

    /** The ports file's JSON (Jackson's generator: the object mapper is kept off the start path). */
    private static String json(Map<String, List<String>> ports) throws IOException {
        var out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            for (var entry : ports.entrySet()) {
                g.writeArrayFieldStart(entry.getKey());
                for (String url : entry.getValue()) {
                    g.writeString(url);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    /** Removes the files written. */
    public void remove() {
        try {
            if (portsFile != null) {
                Files.deleteIfExists(portsFile);
            }
            if (options.pidFile() != null) {
                Files.deleteIfExists(options.pidFile());
            }
        } catch (IOException e) {
            Log.error("Error removing process files: " + e);
        }
    }

    static List<String> urls(String scheme, String host, int port) {
        List<String> hosts = new ArrayList<>();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (a instanceof Inet4Address) {
                            hosts.add(a.getHostAddress());
                        }
                    }
                }
            } catch (SocketException e) {
                hosts.add("127.0.0.1");
            }
        } else {
            hosts.add(host);
        }
        return hosts.stream().map(h -> scheme + "://" + Server.hostPort(h, port)).toList();
    }
}
