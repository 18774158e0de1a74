package io.natsj.kernel.client;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.auth.Authentication;
import io.natsj.spi.tls.TlsContext;
import java.nio.charset.StandardCharsets;

/**
 * What a client connection needs from the server around it. Implemented by the server, and
 * by tests that drive a connection on an {@code EmbeddedChannel}.
 */
public interface ClientServices {

    /** @return the client listener's limits */
    ClientLimits limits();

    /** @return the account of connections that authenticate as no one in particular */
    Account defaultAccount();

    /**
     * @param connection a newly accepted connection
     * @return its INFO line, {@code INFO {json} \r\n}
     */
    String infoLine(ClientConnection connection);

    /**
     * Counts a new connection in.
     *
     * @param connection the new connection
     * @return false when {@code max_connections} is reached
     */
    boolean register(ClientConnection connection);

    /** @param connection a closed connection, counted out */
    void unregister(ClientConnection connection);

    /**
     * Tells the server a connection's first CONNECT was accepted: it now counts in its
     * account, and the system account announces it.
     *
     * @param connection the admitted connection
     * @param accountConnections the account's limit of connections (from its JWT), negative for none
     * @return false when the account is at that limit: the connection is not admitted
     */
    default boolean admitted(ClientConnection connection, long accountConnections) {
        return true;
    }

    /**
     * A client answered a peer's tracked service request: send the requestor's server this
     * side's latency measurement (nats-server's {@code $SYS.LATENCY.M2.<hash>}).
     *
     * @param responder the answering client
     * @param account the exporting account's name
     * @param reply the tracked reply subject the client published to
     * @param startNanos {@link System#nanoTime()} when the request was delivered
     * @param startEpochNanos the wall clock then, nanoseconds since the epoch
     */
    default void remoteLatency(ClientConnection responder, String account, String reply, long startNanos,
                               long startEpochNanos) {
    }

    /**
     * A client's subscription was removed by UNSUB: measured service requests waiting to
     * answer that subject, if nothing else in the account wants it, report 408.
     *
     * @param account the client's account
     * @param subject the subscription's subject, wildcards allowed
     */
    default void replyInterestEnded(Account account, String subject) {
    }

    /** @param connection a connection that was closed as a slow consumer */
    void slowConsumer(ClientConnection connection);

    /** @return the next client id */
    long nextClientId();

    /** @return who may connect; null when no authentication is configured */
    default Authentication authentication() {
        return null;
    }

    /**
     * @param transportName the transport that accepted a connection
     * @return who may connect through that transport's listener (a listener's own settings, as
     *         nats-server's websocket section, or the server's); null when no authentication is configured
     */
    default Authentication authentication(String transportName) {
        return authentication();
    }

    /**
     * @param transportName a transport that listens from its own section (WebSocket)
     * @return that listener's TLS, which its clients' certificates were checked with (and
     *         mapped to users with, {@code verify_and_map}), or null when it is plain
     */
    default TlsContext listenerTls(String transportName) {
        return null;
    }

    /** @return the client listener's TLS, or null when it is plain */
    default TlsContext tls() {
        return null;
    }

    /** @return true when a client may skip the listener's TLS ({@code allow_non_tls}) */
    default boolean allowNonTls() {
        return false;
    }

    /**
     * @param text a protocol line
     * @return its bytes
     */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
