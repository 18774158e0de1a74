package io.natsj.tests.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;

/**
 * A server of either target with JetStream on a given store directory and the HTTP monitor on a
 * known port. Restarting on the same directory is {@link #restart()}.
 */
final class JetStreamServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Target target;
    private final Path storeDir;
    private final int monitorPort;
    private final String jetStreamExtra;
    private ServerUnderTest server;

    private JetStreamServer(Target target, Path storeDir, int monitorPort, String jetStreamExtra) {
        this.target = target;
        this.storeDir = storeDir;
        this.monitorPort = monitorPort;
        this.jetStreamExtra = jetStreamExtra;
        this.server = target.start(config());
    }

    /**
     * @param target the implementation
     * @param storeDir the JetStream store directory (a JUnit temp dir)
     * @return the running server
     */
    static JetStreamServer start(Target target, Path storeDir) {
        return start(target, storeDir, "");
    }

    /**
     * @param jetStreamExtra more settings inside the {@code jetstream} block, e.g. {@code domain: hub}
     * @return the running server
     */
    static JetStreamServer start(Target target, Path storeDir, String jetStreamExtra) {
        return new JetStreamServer(target, storeDir, freePort(), jetStreamExtra);
    }

    private String config() {
        // Quoted path: valid for both HOCON and nats-server's parser.
        return "jetstream { store_dir: \"" + storeDir + "\"\n" + jetStreamExtra + "\n}\nhttp_port: " + monitorPort + "\n";
    }

    /** @return the running server */
    ServerUnderTest server() {
        return server;
    }

    /** Stops the server and starts it again on the same store directory and monitor port. */
    void restart() {
        server.close();
        server = target.start(config());
    }

    /**
     * @param path the monitor endpoint with its query, e.g. {@code /jsz}
     * @return the HTTP status and body
     */
    MonitorResponse monitor(String path) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + monitorPort + path)
                    .toURL().openConnection();
            http.setConnectTimeout(5000);
            http.setReadTimeout(5000);
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                return new MonitorResponse(status, JSON.readTree(in));
            } finally {
                http.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A monitor endpoint's answer. */
    record MonitorResponse(int status, JsonNode body) {
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
