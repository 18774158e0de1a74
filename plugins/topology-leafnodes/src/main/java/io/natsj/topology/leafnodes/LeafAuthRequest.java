package io.natsj.topology.leafnodes;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A leaf's CONNECT as the server's client authenticators see it, when the hub has no
 * {@code leafnodes.authorization}: nats-server's leaf CONNECT carries a user and password, or
 * a user JWT and the signature of the INFO's nonce; the connection type is {@code LEAFNODE},
 * or {@code LEAFNODE_WS} for a leaf that came over WebSocket (nats-server's user JWT
 * connection types; the kernel gives the latter the websocket section's {@code no_auth_user}).
 *
 * @param peer the CONNECT
 * @param nonceText the nonce of the INFO the hub sent
 * @param remote the leaf's address
 * @param tls the TLS session, or null
 * @param cid the connection's id
 * @param webSocket true for a leaf that came over WebSocket
 */
record LeafAuthRequest(LeafJson.Peer peer, String nonceText, InetSocketAddress remote, SSLSession tls, long cid,
                       boolean webSocket)
        implements AuthRequest {

    /** nats-server's jwt.ConnectionTypeLeafnode. */
    static final String CONNECTION_TYPE = "LEAFNODE";

    /** nats-server's jwt.ConnectionTypeLeafnodeWS. */
    static final String CONNECTION_TYPE_WS = "LEAFNODE_WS";

    @Override
    public ListenerRole role() {
        return ListenerRole.LEAF;
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
        return Optional.empty();
    }

    @Override
    public Optional<String> user() {
        return present(peer.user());
    }

    @Override
    public Optional<String> password() {
        return present(peer.pass());
    }

    @Override
    public Optional<String> nkey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> signature() {
        return present(peer.sig());
    }

    @Override
    public Optional<String> jwt() {
        return present(peer.jwt());
    }

    @Override
    public String connectionType() {
        return webSocket ? CONNECTION_TYPE_WS : CONNECTION_TYPE;
    }

    @Override
    public boolean noAuthUser() {
        return false;
    }

    @Override
    public long clientId() {
        return cid;
    }

    private static Optional<String> present(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
