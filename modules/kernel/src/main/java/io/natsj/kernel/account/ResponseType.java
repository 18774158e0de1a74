package io.natsj.kernel.account;

import java.util.Locale;

/**
 * How many responses a service export sends to one request, which decides how long the
 * exporter keeps the way back to the requester.
 */
public enum ResponseType {
    /** One response; the way back closes after it. */
    SINGLETON,
    /** Any number of responses until the export's response threshold passes. */
    STREAM,
    /** A response in several messages; kept like {@link #STREAM}. */
    CHUNKED;

    /**
     * @param name a {@code response_type} value as nats-server reads it
     * @return the type
     * @throws IllegalArgumentException with nats-server's text for an unknown name
     */
    public static ResponseType parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "single", "singleton" -> SINGLETON;
            case "stream" -> STREAM;
            case "chunk", "chunked" -> CHUNKED;
            default -> throw new IllegalArgumentException("Unknown response type: \"" + name + "\"");
        };
    }
}
