package io.natsj.kernel.client;

import io.natsj.kernel.log.Log;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.natsj.spi.auth.AuthResult;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The limits one connection runs with once its credentials are known: the server's
 * {@code max_payload} and {@code max_subscriptions}, lowered by what the credentials carry (a
 * user JWT's and its account's {@code payload} and {@code subs}, as nats-server takes the
 * smaller of each), and the time the credentials expire, when the connection is closed.
 *
 * <p>Read and changed on the connection's event loop only (CONNECT and PUB/SUB are handled
 * there), so the fields need no synchronisation.
 */
final class CredentialLimits {

    /** nats-server's error when a connection's credentials expire. */
    static final String AUTH_EXPIRED = "User Authentication Expired";

    private final ClientConnection connection;
    private final ClientLimits server;
    private int maxPayload;
    private int maxSubscriptions;
    private ScheduledFuture<?> expiry;

    /**
     * @param connection the connection
     * @param server the server's limits
     */
    CredentialLimits(ClientConnection connection, ClientLimits server) {
        this.connection = connection;
        this.server = server;
        this.maxPayload = server.maxPayload();
        this.maxSubscriptions = server.maxSubscriptions() > 0 ? server.maxSubscriptions() : -1;
    }

    /** @return the largest payload the connection may publish */
    int maxPayload() {
        return maxPayload;
    }

    /** @return the subscriptions the connection may hold, negative for no limit */
    int maxSubscriptions() {
        return maxSubscriptions;
    }

    /**
     * Applies the limits of accepted credentials (those of a later CONNECT replace them).
     *
     * @param limits the credentials' limits
     * @param expires when the credentials expire, or null
     * @param subscriptions the subscriptions the connection holds now
     * @return false when the connection already holds as many subscriptions as it may (as
     *         nats-server, the caller then tells the client and closes it)
     */
    boolean apply(AuthResult.Limits limits, Instant expires, int subscriptions) {
        maxPayload = (int) Math.min(server.maxPayload(), limits.maxPayload() < 0 ? Long.MAX_VALUE : limits.maxPayload());
        int serverSubs = server.maxSubscriptions() > 0 ? server.maxSubscriptions() : -1;
        maxSubscriptions = (int) smaller(serverSubs, limits.maxSubscriptions());
        cancel();
        if (expires != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), expires).toNanos());
            expiry = connection.channel().eventLoop().schedule(this::expired, delay, TimeUnit.NANOSECONDS);
        }
        return maxSubscriptions < 0 || subscriptions < maxSubscriptions;
    }

    /**
     * Replaces the payload and subscription limits, keeping the expiry (an account update).
     *
     * @param limits the new limits
     * @param subscriptions the subscriptions the connection holds now
     * @return false when the connection holds as many subscriptions as it may
     */
    boolean update(AuthResult.Limits limits, int subscriptions) {
        maxPayload = (int) Math.min(server.maxPayload(), limits.maxPayload() < 0 ? Long.MAX_VALUE : limits.maxPayload());
        int serverSubs = server.maxSubscriptions() > 0 ? server.maxSubscriptions() : -1;
        maxSubscriptions = (int) smaller(serverSubs, limits.maxSubscriptions());
        return maxSubscriptions < 0 || subscriptions < maxSubscriptions;
    }

    private static long smaller(long a, long b) {
        if (a < 0) {
            return b < 0 ? -1 : b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private void expired() {
        Log.debug(connection.label() + " - " + AUTH_EXPIRED);
        connection.output().closeWithError(AUTH_EXPIRED, "Authentication Expired");
    }

    /** Stops the expiry timer; called when the connection closes. */
    void cancel() {
        ScheduledFuture<?> f = expiry;
        if (f != null) {
            f.cancel(false);
            expiry = null;
        }
    }

    /** @return the error that tells a client it holds too many subscriptions */
    static String tooManySubscriptions() {
        return ProtocolErrors.MAX_SUBSCRIPTIONS;
    }
}
