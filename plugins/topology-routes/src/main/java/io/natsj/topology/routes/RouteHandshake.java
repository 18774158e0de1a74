package io.natsj.topology.routes;

import io.natsj.spi.topology.wire.WireFrames;
import io.natsj.spi.topology.wire.WireOp;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One route connection's handshake, checked as nats-server 2.9.10 and 2.10 check it: our
 * CONNECT and INFO when it opens, the authentication timeout, the peer's CONNECT (credentials,
 * not a client or a gateway, the cluster name) and its first INFO (not ourselves, the cluster
 * name, a distinct server name, the pool size and index), after which the connection joins the
 * cluster. A later INFO is gossip about another server or an update about the peer.
 *
 * <p>Runs on the connection's event loop.
 */
final class RouteHandshake {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");

    private final RouteConnection connection;
    private final RouteCluster cluster;
    private final Channel channel;
    private boolean connectReceived;
    private boolean infoReceived;
    private boolean verbose;
    private Future<?> authTimer;

    /**
     * @param connection the route being set up
     * @param cluster its cluster (our lines, auth, the cluster-name rule)
     * @param channel the connection's channel
     */
    RouteHandshake(RouteConnection connection, RouteCluster cluster, Channel channel) {
        this.connection = connection;
        this.cluster = cluster;
        this.channel = channel;
    }

    /** Sends CONNECT (when we dialled) and INFO, or starts the authentication timeout. */
    void start() {
        if (connection.didSolicit()) {
            // CONNECT and INFO without waiting for the peer's INFO: a 2.10 peer with pooling
            // waits for ours, so waiting here could deadlock. Pooling, the INFO names the pool
            // index chosen before dialling (2.10 sends its INFO only after the acceptor's and
            // picks the first free index then; a 2.10 acceptor takes either).
            channel.write(WireFrames.ascii(channel.alloc(), cluster.connectLine(connection.url())));
        } else if (cluster.auth().required()) {
            long timeout = cluster.options().authTimeout().toNanos();
            authTimer = channel.eventLoop().schedule(() -> {
                if (!connectReceived) {
                    connection.protocolError("Authentication Timeout", "Authentication Timeout");
                }
            }, timeout, TimeUnit.NANOSECONDS);
        }
        channel.writeAndFlush(WireFrames.ascii(channel.alloc(),
                cluster.infoLine(connection.didSolicit() ? connection.poolIdx() : 0)));
    }

    /** @return false (and the connection failed) for an operation before a required CONNECT */
    boolean admit(WireOp op) {
        if (connection.isAccepted() && !connectReceived && op != WireOp.CONNECT && cluster.auth().required()) {
            connection.protocolError("Authorization Violation", "operation before CONNECT");
            return false;
        }
        return true;
    }

    void onConnect(ByteBuf json) {
        if (!connection.isAccepted() || connectReceived) {
            return; // only the solicitor sends CONNECT, once
        }
        RouteConnect connect;
        try {
            connect = GoJson.read(json, RouteConnect.class);
        } catch (IOException e) {
            connection.protocolError(null, "bad CONNECT JSON: " + e.getMessage());
            return;
        }
        connectReceived = true;
        cancelAuthTimer();
        if (!cluster.auth().allows(connect.user, connect.pass)) {
            connection.protocolError("Authorization Violation", "Authentication Failure");
            return;
        }
        if (connect.lang != null && !connect.lang.isEmpty()) {
            connection.protocolError("attempted to connect to route port", "client on the route port");
            return;
        }
        if (connect.gateway != null && !connect.gateway.isEmpty()) {
            connection.protocolError("Rejecting connection from gateway \"" + connect.gateway
                    + "\" on the Route port", "gateway on the route port");
            return;
        }
        String clusterName = connect.cluster == null ? "" : connect.cluster;
        if (!cluster.acceptClusterName(clusterName, connect.clusterDynamic, connection, true)) {
            connection.protocolError("Rejecting connection, cluster name \"" + clusterName + "\" does not match \""
                    + cluster.clusterName() + "\"", "Cluster Name Conflict");
            return;
        }
        connection.remoteId(connect.name);
        verbose = connect.verbose;
    }

    void onInfo(ByteBuf json) {
        RouteInfo info;
        try {
            info = GoJson.read(json, RouteInfo.class);
        } catch (IOException e) {
            connection.protocolError(null, "bad INFO JSON: " + e.getMessage());
            return;
        }
        if (cluster.serverId().equals(info.serverId)) {
            LOG.log(System.Logger.Level.DEBUG, () -> connection.label() + " - Detected route to self, ignoring "
                    + connection.url());
            connection.remoteId(info.serverId);
            connection.close("Duplicate Route");
            return;
        }
        String clusterName = info.cluster == null ? "" : info.cluster;
        if (!clusterName.isEmpty() && !cluster.acceptClusterName(clusterName, info.clusterDynamic, connection, false)) {
            LOG.log(System.Logger.Level.ERROR, () -> connection.label() + " - Rejecting connection, cluster name \""
                    + clusterName + "\" does not match \"" + cluster.clusterName() + "\"");
            connection.close("Cluster Name Conflict");
            return;
        }
        if (infoReceived) {
            if (info.gateway != null && !info.gateway.isEmpty()) {
                cluster.gatewayInfo(connection, info);
            } else if (connection.isRegistered() && info.serverId != null && !info.serverId.equals(connection.remoteId())) {
                cluster.gossip(info);
            } else if (connection.isRegistered()) {
                connection.remoteInfo(info);
                cluster.peerUpdated(connection, info);
            }
            return;
        }
        infoReceived = true;
        if (connection.isAccepted() && info.serverName != null && info.serverName.equals(cluster.serverName())) {
            LOG.log(System.Logger.Level.ERROR, () -> connection.label() + " - Remote server has a duplicate name: \""
                    + info.serverName + "\"");
            connection.close("Duplicate Server Name");
            return;
        }
        if (info.routeAccount != null && !info.routeAccount.isEmpty()) {
            // A 2.10 pinned-account connection: natsj pins no account, so it is never registered.
            LOG.log(System.Logger.Level.DEBUG, () -> connection.label()
                    + " - Not registering route connection for account \"" + info.routeAccount + "\"");
            return;
        }
        if (!agreePool(info)) {
            return;
        }
        connection.join(info);
    }

    /**
     * nats-server 2.10's pool rules (addRoute): without a pool size on either side, one
     * connection for all accounts; different sizes are refused; a solicited connection keeps
     * the index it asked for, an accepted one takes the index the peer asked for.
     *
     * @return true when the connection may be registered
     */
    private boolean agreePool(RouteInfo info) {
        int ours = RoutePool.advertised(cluster.options().poolSize());
        if (ours == 0 || info.routePoolSize <= 0) {
            if (info.routePoolIdx != 0) {
                // A 2.10 pool connection while we do not pool: the peer closes it once it sees
                // our INFO has no pool size.
                LOG.log(System.Logger.Level.DEBUG, () -> connection.label() + " - Not registering pooled route connection");
                return false;
            }
            if (connection.isPoolDial()) {
                connection.close("Duplicate Route"); // the peer stopped pooling: its first connection carries all
                return false;
            }
            connection.pool(false, 0);
            return true;
        }
        if (info.routePoolSize != ours) {
            connection.protocolError("Mismatch route pool size: " + ours + " vs " + info.routePoolSize,
                    "Protocol Violation");
            return false;
        }
        if (!connection.isAccepted()) {
            if (info.routePoolIdx != 0) {
                connection.protocolError("Route pool index should not be set but is set to " + info.routePoolIdx,
                        "Protocol Violation");
                return false;
            }
            connection.pool(true, connection.poolIdx());
        } else if (info.routePoolIdx < 0 || info.routePoolIdx >= ours) {
            connection.protocolError("Invalid route pool index: " + info.routePoolIdx + " - pool size is "
                    + info.routePoolSize, "Protocol Violation");
            return false;
        } else {
            connection.pool(true, info.routePoolIdx);
        }
        return true;
    }

    /** @return true when the peer's CONNECT asked for +OK after each operation */
    boolean verbose() {
        return verbose;
    }

    void cancelAuthTimer() {
        if (authTimer != null) {
            authTimer.cancel(false);
        }
    }
}
