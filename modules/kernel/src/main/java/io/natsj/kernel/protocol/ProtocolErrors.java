package io.natsj.kernel.protocol;

/**
 * The {@code -ERR} texts, exactly as nats-server 2.9 sends them (case included).
 */
public final class ProtocolErrors {

    /** Unknown operation, empty line, a client sending MSG; the connection is closed. */
    public static final String UNKNOWN_PROTOCOL = "Unknown Protocol Operation";
    /** PUB/HPUB body over max_payload; the connection is closed. */
    public static final String MAX_PAYLOAD = "Maximum Payload Violation";
    /** A control line over max_control_line; the connection is closed. */
    public static final String MAX_CONTROL_LINE = "maximum control line exceeded";
    /** SUB beyond max_subscriptions; the connection stays open. */
    public static final String MAX_SUBSCRIPTIONS = "maximum subscriptions exceeded";
    /** A connection beyond max_connections; closed right after INFO. */
    public static final String MAX_CONNECTIONS = "maximum connections exceeded";
    /** An invalid SUB subject; the connection stays open. */
    public static final String INVALID_SUBJECT = "Invalid Subject";
    /** A pedantic PUB to a wildcard or malformed subject; the connection stays open. */
    public static final String INVALID_PUBLISH_SUBJECT = "Invalid Publish Subject";
    /** CONNECT with a protocol version the server does not know. */
    public static final String INVALID_PROTOCOL = "invalid client protocol";
    /** Authentication failed. */
    public static final String AUTHORIZATION_VIOLATION = "Authorization Violation";
    /** No CONNECT within auth_timeout. */
    public static final String AUTH_TIMEOUT = "Authentication Timeout";
    /** ping_max PINGs went unanswered. */
    public static final String STALE_CONNECTION = "Stale Connection";
    /** A client that asked for TLS from a server without it. */
    public static final String SECURE_CONNECTION_REQUIRED = "Secure Connection - TLS Required";

    private ProtocolErrors() {
    }

    /**
     * @param text one of the texts above
     * @return the full line, {@code -ERR '<text>'\r\n}
     */
    public static String line(String text) {
        return "-ERR '" + text + "'\r\n";
    }
}
