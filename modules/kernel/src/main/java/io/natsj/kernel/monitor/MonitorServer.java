package io.natsj.kernel.monitor;

import io.natsj.kernel.server.Server;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The HTTP monitoring listener: nats-server's /varz, /connz, /subsz (and /subscriptionsz),
 * /healthz and the / index, served on the server's own event loops.
 */
public final class MonitorServer implements AutoCloseable {

    private final Channel channel;
    private final int port;

    private MonitorServer(Channel channel) {
        this.channel = channel;
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Starts the HTTP monitoring listener on the server's event loops.
     *
     * @param server the running server whose state is reported
     * @param host the interface to bind
     * @param port the port, 0 for an ephemeral one
     * @return the started listener
     */
    public static MonitorServer start(Server server, String host, int port) {
        HttpRequestStats requests = new HttpRequestStats();
        BoundPort bound = new BoundPort();
        Map<String, MonitorEndpoint> endpoints = endpoints(server, requests, bound);
        ChannelFuture bind = new ServerBootstrap()
                .group(server.acceptGroup(), server.ioGroup())
                .channel(NioServerSocketChannel.class)
                .childHandler(new MonitorChannelInitializer(endpoints))
                .bind(host, port)
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            // nats-server's wording; unchecked so that the server's start-up cleanup runs.
            throw new IllegalStateException("Can't listen to the monitor port: " + host + ":" + port
                    + ": " + bind.cause().getMessage(), bind.cause());
        }
        MonitorServer monitor = new MonitorServer(bind.channel());
        bound.port = monitor.port;
        return monitor;
    }

    private static Map<String, MonitorEndpoint> endpoints(Server server, HttpRequestStats requests, BoundPort bound) {
        SubszEndpoint subsz = new SubszEndpoint(server, requests);
        TopologyEndpoint routez = new TopologyEndpoint(server, requests, "routez");
        TopologyEndpoint gatewayz = new TopologyEndpoint(server, requests, "gatewayz");
        TopologyEndpoint leafz = new TopologyEndpoint(server, requests, "leafz");
        ServiceEndpoint jsz = new ServiceEndpoint(server, requests, "jsz");
        return Map.of(
                routez.path(), routez,
                gatewayz.path(), gatewayz,
                leafz.path(), leafz,
                jsz.path(), jsz,
                RootPage.PATH, new RootPage(requests),
                VarzEndpoint.PATH, new VarzEndpoint(server, requests, new ProcessUsage(), () -> bound.port),
                ConnzEndpoint.PATH, new ConnzEndpoint(server, requests),
                SubszEndpoint.PATH, subsz,
                SubszEndpoint.ALIAS, subsz,
                HealthzEndpoint.PATH, new HealthzEndpoint(server, requests));
    }

    /** @return the bound port */
    public int port() {
        return port;
    }

    /** Stops listening; requests in flight finish on their own connections. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** The listening port, known only once bound but asked for by /varz. */
    private static final class BoundPort {
        volatile int port;
    }
}
