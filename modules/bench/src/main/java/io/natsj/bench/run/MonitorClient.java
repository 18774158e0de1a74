package io.natsj.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads {@code mem} and {@code connections} from a server's {@code /varz} monitoring endpoint. */
public final class MonitorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One /varz reading. */
    public record Varz(long mem, long connections) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI varz;

    /** @param monitorUrl the monitoring base URL, e.g. {@code http://127.0.0.1:8222} */
    public MonitorClient(String monitorUrl) {
        String base = monitorUrl.contains("://") ? monitorUrl : "http://" + monitorUrl;
        this.varz = URI.create(base.replaceAll("/+$", "") + "/varz");
    }

    /** Fetches /varz once. */
    public Varz read() throws IOException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(varz).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(varz + " answered HTTP " + response.statusCode());
            }
            JsonNode node = JSON.readTree(response.body());
            return new Varz(node.path("mem").asLong(-1), node.path("connections").asLong(-1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + varz, e);
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
