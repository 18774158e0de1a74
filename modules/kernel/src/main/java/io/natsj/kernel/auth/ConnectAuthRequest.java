package io.natsj.kernel.auth;

import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A client's CONNECT as the authentication plugins see it. A client that sent no credentials
 * is presented as the {@code no_auth_user}, and a client whose certificate was mapped to a
 * user ({@code verify_and_map}) as that user, both to be accepted by name.
 *
 * @param options the CONNECT block
 * @param remote the client's address
 * @param nonceText the nonce sent in INFO, or null
 * @param tls the TLS session, or null
 * @param identifiedUser a user identified without a password (no_auth_user, certificate), or null
 * @param connectionType {@code STANDARD} or {@code WEBSOCKET}, for a user JWT's allowed connection types
 * @param clientId the connection's id
 * @param cookieJwt the user JWT of the listener's {@code jwt_cookie}, used when the CONNECT has
 *        none (as nats-server), or null
 */
public record ConnectAuthRequest(ConnectOptions options, InetSocketAddress remote, String nonceText,
                                 SSLSession tls, String identifiedUser, String connectionType, long clientId,
                                 String cookieJwt)
        implements AuthRequest {

    /** A request without a cookie JWT. */
    public ConnectAuthRequest(ConnectOptions options, InetSocketAddress remote, String nonceText, SSLSession tls,
                              String identifiedUser, String connectionType, long clientId) {
        this(options, remote, nonceText, tls, identifiedUser, connectionType, clientId, null);
    }

    /**
     * @param options a CONNECT block
     * @return true when it carries no credentials at all
     */
    public static boolean hasNoCredentials(ConnectOptions options) {
        return blank(options.user) && blank(options.pass) && blank(options.authToken) && blank(options.nkey)
                && blank(options.jwt);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    @Override
    public ListenerRole role() {
        return ListenerRole.CLIENT;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Optional<byte[]> nonce() {
        return Optional.ofNullable(nonceText).map(n -> n.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tls);
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(options.authToken);
    }

    @Override
    public Optional<String> user() {
        return identifiedUser != null ? Optional.of(identifiedUser) : Optional.ofNullable(options.user);
    }

    @Override
    public Optional<String> password() {
        return Optional.ofNullable(options.pass);
    }

    @Override
    public Optional<String> nkey() {
        return Optional.ofNullable(options.nkey);
    }

    @Override
    public Optional<String> signature() {
        return Optional.ofNullable(options.sig);
    }

    @Override
    public Optional<String> jwt() {
        if ((options.jwt == null || options.jwt.isEmpty()) && cookieJwt != null) {
            return Optional.of(cookieJwt);
        }
        return Optional.ofNullable(options.jwt);
    }

    @Override
    public boolean noAuthUser() {
        return identifiedUser != null;
    }

    @Override
    public java.util.Map<String, Object> connectFields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("verbose", options.verbose);
        m.put("pedantic", options.pedantic);
        m.put("tls_required", options.tlsRequired);
        m.put("name", options.name);
        m.put("lang", options.lang);
        m.put("version", options.version);
        m.put("protocol", options.protocol);
        m.put("echo", options.echo);
        m.put("headers", options.headers);
        m.put("no_responders", options.noResponders);
        return m;
    }
}
