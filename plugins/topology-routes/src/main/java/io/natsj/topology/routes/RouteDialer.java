package io.natsj.topology.routes;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;
/**
 * Dials routes as nats-server does: 1 s dial timeout, 1 s between attempts; an explicit route
 * is dialled until it connects (and again whenever it is lost), an implicit one once plus
 * {@code connect_retries} more times.
 */
final class RouteDialer {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");
    /** nats-server's DEFAULT_ROUTE_DIAL and DEFAULT_ROUTE_CONNECT. */
    static final int DIAL_TIMEOUT_MILLIS = 1000;
    static final long RETRY_MILLIS = 1000;

    private final RouteCluster cluster;
    private final EventLoopGroup group;

    /**
     * @param cluster installs the protocol on dialled channels
     * @param group the event loops for route connections
     */
    RouteDialer(RouteCluster cluster, EventLoopGroup group) {
        this.cluster = cluster;
        this.group = group;
    }

    /**
     * Dials after a delay.
     *
     * @param url where
     * @param explicit true for a configured route (dialled until it connects)
     * @param expectedId the server id gossip announced for it, or null
     * @param delayMillis how long to wait first
     */
    void solicit(RouteUrl url, boolean explicit, String expectedId, long delayMillis) {
        int attempts = explicit ? Integer.MAX_VALUE : 1 + Math.max(0, cluster.options().connectRetries());
        schedule(() -> attempt(url, explicit, expectedId, 0, false, 1, attempts), delayMillis);
    }

    /**
     * Dials one more pool connection to a connected peer, while the peer stays connected and the
     * index stays free.
     *
     * @param url where
     * @param explicit true when the peer is a configured route
     * @param peerId the peer's server id
     * @param poolIdx the pool index the connection asks for
     * @param delayMillis how long to wait first
     */
    void solicitPool(RouteUrl url, boolean explicit, String peerId, int poolIdx, long delayMillis) {
        int attempts = explicit ? Integer.MAX_VALUE : 1 + Math.max(0, cluster.options().connectRetries());
        schedule(() -> attempt(url, explicit, peerId, poolIdx, true, 1, attempts), delayMillis);
    }

    private void attempt(RouteUrl url, boolean explicit, String expectedId, int poolIdx, boolean pool,
            int attempt, int attempts) {
        boolean unwanted = pool ? !cluster.poolSlotOpen(expectedId, poolIdx)
                : expectedId != null && cluster.isConnectedTo(expectedId);
        if (cluster.isClosed() || unwanted) {
            ended(expectedId, poolIdx, pool);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Trying to connect to route on " + url);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, DIAL_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        cluster.install(channel, url, explicit, expectedId, poolIdx, pool);
                    }
                });
        ChannelFuture connecting = bootstrap.connect(url.host(), url.port());
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "Error trying to connect to route (attempt " + attempt
                    + "): " + f.cause());
            if (attempt < attempts && !cluster.isClosed()) {
                schedule(() -> attempt(url, explicit, expectedId, poolIdx, pool, attempt + 1, attempts), RETRY_MILLIS);
            } else {
                ended(expectedId, poolIdx, pool);
            }
        });
    }

    private void ended(String expectedId, int poolIdx, boolean pool) {
        if (pool) {
            cluster.poolDialEnded(expectedId, poolIdx);
        } else {
            cluster.dialEnded(expectedId);
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        if (cluster.isClosed() || group.isShuttingDown()) {
            return;
        }
        try {
            group.next().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the server is stopping: nothing left to dial
        }
    }
}
