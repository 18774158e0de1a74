package io.natsj.topology.leafnodes;

import io.natsj.spi.tls.TlsContext;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/**
 * The leaf's side of the handshake with a hub it dialled, as nats-server 2.9.10 runs it: the
 * hub's first INFO (refused when it is not a leaf port's), the hub cluster's
 * {@code leafnode_urls}/{@code ws_connect_urls} learned for later dials, the hub's permissions
 * for this leaf, TLS after the clear INFO when either side wants it, then CONNECT; the
 * connection is bound to its local account once the hub took the CONNECT (at once, or on the
 * hub's next INFO when it said it would send one). Later INFOs update the URLs and permissions.
 */
final class LeafSolicitation {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.leafnodes");

    private final LeafConnection connection;
    private final LeafNodes leaves;
    private final Channel channel;
    private final LeafRemote remote;
    private final LeafLink link;
    /** True behind WebSocket frames: their TLS (if any) was the transport's, none after INFO. */
    private final boolean webSocket;
    private boolean infoReceived;
    private boolean connectSent;

    /**
     * @param connection the connection dialled
     * @param leaves the server's leaf nodes
     * @param channel its channel
     * @param remote the remote it dialled
     * @param link what it writes to the hub
     * @param webSocket true when the leaf protocol runs inside WebSocket frames
     */
    LeafSolicitation(LeafConnection connection, LeafNodes leaves, Channel channel, LeafRemote remote, LeafLink link,
                     boolean webSocket) {
        this.connection = connection;
        this.leaves = leaves;
        this.channel = channel;
        this.remote = remote;
        this.link = link;
        this.webSocket = webSocket;
    }

    /**
     * An INFO from the hub.
     *
     * @param info what it says
     */
    void onInfo(LeafJson.Peer info) {
        boolean first = !infoReceived;
        infoReceived = true;
        if (first) {
            if (info.cid() == 0 || info.leafUrls() == null) {
                LOG.log(System.Logger.Level.ERROR, () -> connection.label()
                        + " - Attempted to connect to route port or client port");
                connection.close("wrong port");
                return;
            }
            leaves.remoteUrls(remote).learned(info.leafUrls(), info.wsUrls());
            connection.identified(info);
            applyHubPermissions(info);
            TlsContext tls;
            try {
                // Over WebSocket the TLS, if any, was done before the upgrade (nats-server 2.9.10).
                tls = webSocket ? null : leaves.tlsFor(remote, info.tlsRequired());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, () -> connection.label() + " - TLS set-up error: "
                        + e.getMessage());
                connection.close("TLS set-up error");
                return;
            }
            if (tls == null) {
                sendConnect(info, false);
            } else {
                // As nats-server 2.9.10: the hub's INFO came in clear, the handshake follows it.
                LeafRemote.Url at = leaves.currentUrl(remote);
                SslHandler handler = tls.newClientHandler(channel.alloc(), leaves.remoteUrls(remote).tlsHost(at),
                        at.port());
                channel.pipeline().addFirst("tls", handler);
                handler.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        sendConnect(info, true);
                    } else {
                        LOG.log(System.Logger.Level.ERROR, () -> connection.label()
                                + " - TLS leafnode handshake error: " + f.cause().getMessage());
                        connection.close("TLS handshake error");
                    }
                });
            }
            return;
        }
        // Every INFO's lists are the hub cluster's as they are now (nats-server's updateLeafNodeURLs).
        leaves.remoteUrls(remote).learned(info.leafUrls(), info.wsUrls());
        applyHubPermissions(info);
        if (info.connectInfo() && connectSent) {
            connection.finishSolicited();
        }
    }

    /** As nats-server's leaf: the hub's {@code export}/{@code import} with the remote's own denies. */
    private void applyHubPermissions(LeafJson.Peer info) {
        if (info.importPerms() != null || info.exportPerms() != null) {
            connection.permissions(LeafPermissions.of(LeafPermissions.rules(info.exportPerms()),
                    LeafPermissions.rules(info.importPerms())).withDeny(remote.denyExports(), remote.denyImports()));
        }
    }

    /** Sends CONNECT after the hub's first INFO (and the TLS handshake, if any). */
    private void sendConnect(LeafJson.Peer info, boolean tlsOn) {
        if (connection.isClosing()) {
            return;
        }
        String line;
        try {
            line = leaves.connectLine(remote, leaves.currentUrl(remote), info.headers(), tlsOn, info.nonce());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> connection.label() + " - " + e.getMessage());
            connection.close("no CONNECT");
            return;
        }
        link.send(line);
        connectSent = true;
        if (!info.infoOnConnect()) {
            connection.finishSolicited();
        }
    }
}
