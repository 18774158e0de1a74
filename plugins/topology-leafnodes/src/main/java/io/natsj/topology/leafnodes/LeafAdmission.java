package io.natsj.topology.leafnodes;

import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Permissions;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * The hub's decision on a leaf's CONNECT, as nats-server 2.9.10 makes it: a client or a
 * gateway on the leaf port is refused; with {@code leafnodes.authorization} the leaf must be one
 * of its users, else it is checked as a client is (users, operator-mode JWTs, auth callout),
 * and an answer that comes later (a callout) holds up the connection's reads until it is in.
 * An accepted leaf is handed back to its {@link LeafConnection} to be bound to its account;
 * credentials that expire close it then.
 */
final class LeafAdmission {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.leafnodes");

    private final LeafConnection connection;
    private final LeafNodes leaves;
    private final Channel channel;
    private final String nonce;
    private final long cid;
    private final boolean webSocket;
    private volatile boolean authenticating;

    /**
     * @param connection the leaf connection accepted on the hub's port
     * @param leaves the server's leaf nodes
     * @param channel the connection's channel
     * @param nonce the nonce of the hub's INFO, which the leaf's credentials sign
     * @param cid the connection's id
     * @param webSocket true when the leaf came over WebSocket ({@code LEAFNODE_WS})
     */
    LeafAdmission(LeafConnection connection, LeafNodes leaves, Channel channel, String nonce, long cid,
                  boolean webSocket) {
        this.connection = connection;
        this.leaves = leaves;
        this.channel = channel;
        this.nonce = nonce;
        this.cid = cid;
        this.webSocket = webSocket;
    }

    /** @return true while an authenticator's answer is awaited */
    boolean authenticating() {
        return authenticating;
    }

    /**
     * Decides on a leaf's CONNECT.
     *
     * @param peer the CONNECT
     */
    void check(LeafJson.Peer peer) {
        if (!peer.lang().isEmpty()) {
            connection.protocolError("Attempted To Connect To Leafnode Port",
                    "a client connected to the leafnode port");
            return;
        }
        if (!peer.gateway().isEmpty()) {
            connection.protocolError("Rejecting connection from gateway \"" + peer.gateway()
                    + "\" on the leafnode port", "a gateway connected to the leafnode port");
            return;
        }
        LeafAuth auth = leaves.options().auth();
        if (auth.required()) {
            LeafAuth.User user = auth.check(peer.user(), peer.pass());
            if (user == null) {
                refused(peer, "authentication error");
                return;
            }
            connection.admitted(peer, user.account() != null ? user.account() : LeafRemote.GLOBAL_ACCOUNT, null,
                    AuthResult.Limits.NONE);
            return;
        }
        // As nats-server: without leafnodes.authorization a leaf is checked as a client is.
        decide(peer, leaves.local().authenticate(new LeafAuthRequest(peer, nonce, connection.remoteAddress(),
                tlsSession(), cid, webSocket)));
    }

    /** Acts on what the server's authentication answered for a leaf's CONNECT. */
    private void decide(LeafJson.Peer peer, AuthResult result) {
        switch (result) {
            case AuthResult.Accepted ok -> {
                Permissions perms = ok.permissions() == null || ok.permissions().isUnrestricted() ? null
                        : ok.permissions();
                AuthResult.Limits limits = ok.limits() == null ? AuthResult.Limits.NONE : ok.limits();
                String account = ok.account() == null ? LeafRemote.GLOBAL_ACCOUNT : ok.account();
                if (connection.admitted(peer, account, perms, limits) && ok.expires() != null) {
                    long millis = Math.max(0, ok.expires().toEpochMilli() - System.currentTimeMillis());
                    channel.eventLoop().schedule(() -> connection.protocolError("User Authentication Expired",
                            "credentials expired"), millis, TimeUnit.MILLISECONDS);
                }
            }
            case AuthResult.Pending pending -> {
                // As the kernel does for clients: read nothing more until the answer is in.
                authenticating = true;
                channel.config().setAutoRead(false);
                pending.result().whenComplete((r, error) -> channel.eventLoop().execute(() -> {
                    authenticating = false;
                    channel.config().setAutoRead(true);
                    if (connection.isClosing()) {
                        return;
                    }
                    decide(peer, error != null || r == null || r instanceof AuthResult.Pending
                            ? new AuthResult.Rejected("no answer from the authenticator") : r);
                }));
            }
            case AuthResult.Rejected no -> refused(peer, no.reason());
            case AuthResult.NotApplicable na -> refused(peer, "no authenticator accepted the credentials");
        }
    }

    private void refused(LeafJson.Peer peer, String reason) {
        LOG.log(System.Logger.Level.ERROR, () -> connection.label() + " - authentication error - User \""
                + (peer.user() == null ? "" : peer.user()) + "\": " + reason);
        connection.protocolError("Authorization Violation", "authentication error");
    }

    private SSLSession tlsSession() {
        SslHandler handler = channel.pipeline().get(SslHandler.class);
        return handler == null ? null : handler.engine().getSession();
    }
}
