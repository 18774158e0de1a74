package io.natsj.kernel.auth;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A peer's credentials (a leaf node's CONNECT, given by its topology plugin) presented as the
 * {@code no_auth_user} because it sent none: the user is accepted by name, as nats-server
 * binds a leaf without credentials to the no_auth_user's account.
 *
 * @param peer the request the plugin made
 * @param noAuthUserName the no_auth_user
 */
record PeerAuthRequest(AuthRequest peer, String noAuthUserName) implements AuthRequest {

    static AuthRequest asNoAuthUser(AuthRequest peer, String user) {
        return new PeerAuthRequest(peer, user);
    }

    @Override
    public ListenerRole role() {
        return peer.role();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return peer.remoteAddress();
    }

    @Override
    public Optional<byte[]> nonce() {
        return peer.nonce();
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return peer.tlsSession();
    }

    @Override
    public Optional<String> token() {
        return Optional.empty();
    }

    @Override
    public Optional<String> user() {
        return Optional.of(noAuthUserName);
    }

    @Override
    public Optional<String> password() {
        return Optional.empty();
    }

    @Override
    public Optional<String> nkey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> signature() {
        return Optional.empty();
    }

    @Override
    public Optional<String> jwt() {
        return Optional.empty();
    }

    @Override
    public String connectionType() {
        return peer.connectionType();
    }

    @Override
    public boolean noAuthUser() {
        return true;
    }

    @Override
    public Map<String, Object> connectFields() {
        return peer.connectFields();
    }

    @Override
    public long clientId() {
        return peer.clientId();
    }
}
