package io.natsj.kernel.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * GETs monitoring endpoints of a server on loopback and reads the JSON they answer.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the tests are
 * compiled into the kernel module, which does not read {@code java.net.http}.
 */
final class MonitorHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;

    /**
     * An HTTP answer.
     *
     * @param status the status code
     * @param contentType the Content-Type header, "" when absent
     * @param body the body as text
     */
    record Reply(int status, String contentType, String body) {
    }

    MonitorHttp(int port) {
        this.port = port;
    }

    Reply get(String pathAndQuery) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + pathAndQuery)
                .toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        try {
            int status = c.getResponseCode();
            InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            String type = c.getContentType();
            return new Reply(status, type == null ? "" : type, text);
        } finally {
            c.disconnect();
        }
    }

    JsonNode json(String pathAndQuery) throws IOException {
        Reply r = get(pathAndQuery);
        if (r.status() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + r.status() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Polls an endpoint until its JSON satisfies the condition, for state that settles asynchronously. */
    JsonNode await(String pathAndQuery, Predicate<JsonNode> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = json(pathAndQuery);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met for " + pathAndQuery + ": " + last.toPrettyString());
            }
            Thread.sleep(5);
            last = json(pathAndQuery);
        }
        return last;
    }

    /** @return the node's field names in document order */
    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
