package io.natsj.bench.engine;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A way of opening connections to a NATS server. An engine may hold shared resources
 * (event loops), released by {@link #close()}.
 */
public interface ClientEngine extends AutoCloseable {

    /** The names accepted by {@link #named(String)}. */
    List<String> NAMES = List.of("raw", "jnats");

    /** Short name used in tables and JSON: {@code raw} or {@code jnats}. */
    String name();

    /**
     * Opens a connection and completes the handshake (the server has answered a PING).
     *
     * @param url            a {@code nats://host:port} or {@code tls://host:port} URL, optionally
     *                       with user:password
     * @param connectionName the name the server shows for this connection
     */
    BenchConnection connect(String url, String connectionName) throws IOException;

    @Override
    void close();

    /**
     * Creates the engine with the given name.
     *
     * @param tls the client TLS settings, used for {@code tls://} URLs
     * @param creds the creds every connection presents, or null
     */
    static ClientEngine named(String name, ClientTls tls, ClientCredentials creds) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "raw" -> new RawEngine(tls, creds);
            case "jnats" -> new JnatsEngine(tls, creds);
            default -> throw new IllegalArgumentException(
                    "unknown engine '" + name + "' (expected one of " + NAMES + ")");
        };
    }
}
