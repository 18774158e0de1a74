package io.natsj.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** Reads {@code mem} and {@code connections} from a server's {@code /varz} monitoring endpoint. */
public final class MonitorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One /varz reading. */
    public record Varz(long mem, long connections) {
    }

    private static final int TIMEOUT_MILLIS = 5_000;

    private final URI varz;

    /** @param monitorUrl the monitoring base URL, e.g. {@code http://127.0.0.1:8222} */
    public MonitorClient(String monitorUrl) {
        String base = monitorUrl.contains("://") ? monitorUrl : "http://" + monitorUrl;
        this.varz = URI.create(base.replaceAll("/+$", "") + "/varz");
    }

    /**
     * Fetches /varz once. {@code HttpURLConnection} (java.base), not {@code java.net.http}: the
     * bench ships in the server's image, which would otherwise carry that module for it alone.
     */
    public Varz read() throws IOException {
        var http = (HttpURLConnection) varz.toURL().openConnection();
        http.setConnectTimeout(TIMEOUT_MILLIS);
        http.setReadTimeout(TIMEOUT_MILLIS);
        try {
            if (http.getResponseCode() != 200) {
                throw new IOException(varz + " answered HTTP " + http.getResponseCode());
            }
            try (InputStream body = http.getInputStream()) {
                JsonNode node = JSON.readTree(body);
                return new Varz(node.path("mem").asLong(-1), node.path("connections").asLong(-1));
            }
        } finally {
            http.disconnect();
        }
    }

    /** Polls until the connection count satisfies {@code done}, or the deadline passes. */
    public Varz awaitConnections(java.util.function.LongPredicate done, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Varz last = read();
        while (!done.test(last.connections()) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            last = read();
        }
        return last;
    }
}
