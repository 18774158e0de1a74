package io.natsj.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Reads {@code mem} and {@code connections} from a server's {@code /varz} monitoring endpoint,
 * and counts named connections in {@code /connz}.
 */
public final class MonitorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One /varz reading. */
    public record Varz(long mem, long connections) {
    }

    private static final int TIMEOUT_MILLIS = 5_000;

    private final URI varz;
    private final String base;

    /** @param monitorUrl the monitoring base URL, e.g. {@code http://127.0.0.1:8222} */
    public MonitorClient(String monitorUrl) {
        String base = monitorUrl.contains("://") ? monitorUrl : "http://" + monitorUrl;
        this.base = base.replaceAll("/+$", "");
        this.varz = URI.create(this.base + "/varz");
    }

    /**
     * Fetches /varz once. {@code HttpURLConnection} (java.base), not {@code java.net.http}: the
     * bench ships in the server's image, which would otherwise carry that module for it alone.
     */
    public Varz read() throws IOException {
        JsonNode node = fetch(varz);
        return new Varz(node.path("mem").asLong(-1), node.path("connections").asLong(-1));
    }

    /**
     * Counts the open connections whose client-given name starts with {@code prefix}: unlike the
     * total in /varz, not thrown off by other clients' connections still closing.
     *
     * @param prefix the name prefix
     * @param limit at least the number of open connections, so one page holds them all
     */
    public long countNamed(String prefix, int limit) throws IOException {
        JsonNode node = fetch(URI.create(base + "/connz?limit=" + limit));
        long count = 0;
        for (JsonNode connection : node.path("connections")) {
            if (connection.path("name").asText("").startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    private static JsonNode fetch(URI uri) throws IOException {
        var http = (HttpURLConnection) uri.toURL().openConnection();
        http.setConnectTimeout(TIMEOUT_MILLIS);
        http.setReadTimeout(TIMEOUT_MILLIS);
        try {
            if (http.getResponseCode() != 200) {
                throw new IOException(uri + " answered HTTP " + http.getResponseCode());
            }
            try (InputStream body = http.getInputStream()) {
                return JSON.readTree(body);
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
