package io.natsj.kernel.monitor;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * What an endpoint answers: status, content type and body. JSON answers may still be wrapped
 * for JSONP ({@code ?callback=}) by the handler, as nats-server does for every JSON endpoint.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type header
 * @param body the body bytes
 * @param json true when the body is JSON that a {@code callback} parameter may wrap
 */
public record MonitorResponse(HttpResponseStatus status, String contentType, byte[] body, boolean json) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    /**
     * @param body JSON bytes
     * @return a 200 JSON answer
     */
    public static MonitorResponse json(byte[] body) {
        return new MonitorResponse(HttpResponseStatus.OK, JSON, body, true);
    }

    /**
     * @param html the page
     * @return a 200 HTML answer
     */
    public static MonitorResponse html(String html) {
        return new MonitorResponse(HttpResponseStatus.OK, HTML, html.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * @param message nats-server's error text
     * @return a 400 plain-text answer
     */
    public static MonitorResponse badRequest(String message) {
        return new MonitorResponse(HttpResponseStatus.BAD_REQUEST, TEXT,
                message.getBytes(StandardCharsets.UTF_8), false);
    }

    /** @return Go's {@code http.NotFound} answer */
    public static MonitorResponse notFound() {
        return new MonitorResponse(HttpResponseStatus.NOT_FOUND, TEXT,
                "404 page not found\n".getBytes(StandardCharsets.US_ASCII), false);
    }
}
