package io.natsj.spi.auth;

import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * One connection asking to be let in: its CONNECT credentials and what the server knows about
 * the connection. Implemented by the kernel.
 */
public interface AuthRequest {

    /** @return the kind of peer asking */
    ListenerRole role();

    /** @return the peer's address */
    InetSocketAddress remoteAddress();

    /** @return the nonce sent in INFO, empty when none was sent */
    Optional<byte[]> nonce();

    /** @return the TLS session, when the connection is encrypted */
    Optional<SSLSession> tlsSession();

    /** @return CONNECT's {@code auth_token} */
    Optional<String> token();

    /** @return CONNECT's {@code user} */
    Optional<String> user();

    /** @return CONNECT's {@code pass} */
    Optional<String> password();

    /** @return CONNECT's {@code nkey} (a public key starting with {@code U}) */
    Optional<String> nkey();

    /** @return CONNECT's {@code sig}: the base64url signature of the nonce */
    Optional<String> signature();

    /** @return CONNECT's {@code jwt} */
    Optional<String> jwt();

    /**
     * The kind of client connection, in nats-server's words for a user JWT's
     * {@code allowed_connection_types}: {@code STANDARD} (a NATS client over TCP, with or
     * without TLS), {@code WEBSOCKET}, {@code LEAFNODE}, {@code LEAFNODE_WS}, {@code MQTT},
     * {@code MQTT_WS}.
     *
     * @return the connection type; {@code STANDARD} unless the kernel knows better
     */
    default String connectionType() {
        return "STANDARD";
    }

    /**
     * @return true when the client sent no credentials and the kernel put {@code no_auth_user}
     *         in {@link #user()}: the user is to be accepted by name, without a password
     */
    boolean noAuthUser();

    /**
     * The CONNECT fields that are not credentials, for an authenticator that forwards them
     * (auth callout): {@code name}, {@code lang}, {@code version}, {@code protocol},
     * {@code echo}, {@code headers}, {@code no_responders}, {@code verbose}, {@code pedantic},
     * {@code tls_required}.
     *
     * @return the fields by CONNECT name; empty when the kernel has none
     */
    default java.util.Map<String, Object> connectFields() {
        return java.util.Map.of();
    }

    /** @return the connection's id ({@code cid} in /connz); 0 when unknown */
    default long clientId() {
        return 0;
    }
}
