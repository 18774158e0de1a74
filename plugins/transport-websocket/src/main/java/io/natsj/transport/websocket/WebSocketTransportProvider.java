package io.natsj.transport.websocket;

import io.natsj.spi.PluginException;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.Transport;
import io.natsj.spi.transport.TransportProvider;
import io.natsj.spi.transport.TransportRequest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The WebSocket transport: a client listener opened from the {@code websocket} section. Each
 * accepted connection gets TLS (when the section has a {@code tls} block), an HTTP request
 * decoder and the {@link Handshake}; once the upgrade is answered, the frame codec replaces
 * them and the kernel's client protocol runs behind it.
 */
public final class WebSocketTransportProvider implements TransportProvider {

    /** The name of this transport, in log lines and in {@link ConnectionInitializer.ConnectionRequest}. */
    public static final String NAME = "websocket";

    private static final System.Logger LOG = System.getLogger("io.natsj.transport.websocket");
    private static final int ACCEPT_BACKLOG = 1024;
    // Go's http.Server reads request headers up to 1 MB; the upgrade needs far less.
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public WebSocketTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configKey() {
        return NAME;
    }

    @Override
    public boolean listensFromSection() {
        return true;
    }

    @Override
    public void check(com.typesafe.config.Config section) {
        WebSocketOptions.read(section);
    }

    /**
     * Binds the listener the {@code websocket} section describes.
     *
     * @throws PluginException when the section is wrong (nats-server's messages where it has
     *         one, such as {@code websocket requires TLS configuration}) or the address cannot
     *         be bound
     */
    @Override
    public Transport open(TransportRequest request) {
        Objects.requireNonNull(request, "request");
        WebSocketOptions options = WebSocketOptions.read(request.config());
        TlsContext tls = request.tls();
        Objects.requireNonNull(request.initializer(), "initializer");
        OriginCheck origins = new OriginCheck(options.sameOrigin(), options.allowedOrigins());
        String where = hostPort(options.host(), options.port());
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new PluginException("can't listen on " + where + " for websocket: unknown host");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(request.acceptGroup(), request.ioGroup())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline p = channel.pipeline();
                        if (tls != null) {
                            p.addLast("tls", tls.newHandler(channel.alloc()));
                        }
                        p.addLast("http", new HttpRequestDecoder(4096, MAX_HEADER_BYTES, 8192));
                        p.addLast("ws-handshake", new Handshake(options, origins, tls != null, request));
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new PluginException("Unable to listen for websocket connections: " + bound.cause(), bound.cause());
        }
        WebSocketTransport transport = new WebSocketTransport(bound.channel(), options, tls != null);
        String scheme = tls != null ? "wss" : "ws";
        LOG.log(System.Logger.Level.INFO, "Listening for websocket clients on " + scheme + "://"
                + hostPort(options.host(), transport.boundAddress().getPort()));
        if (tls == null) {
            LOG.log(System.Logger.Level.WARNING, "Websocket not configured with TLS. DO NOT USE IN PRODUCTION!");
        }
        return transport;
    }

    /**
     * The section's {@code authorization} (user/password or token, timeout), {@code no_auth_user}
     * and {@code jwt_cookie}, for the kernel to apply to this listener's clients as nats-server
     * 2.9.10 does; the cookie's value comes with each connection.
     *
     * @param section the {@code websocket} section
     * @return the listener's own settings
     */
    @Override
    public java.util.Optional<io.natsj.spi.transport.ListenerAuthorization> authorization(
            com.typesafe.config.Config section) {
        return java.util.Optional.of(WebSocketOptions.read(section).authorization());
    }

    /** @return {@code ws} and {@code wss}: topology plugins dial peers' WebSocket ports through this transport */
    @Override
    public java.util.Set<String> dialSchemes() {
        return java.util.Set.of("ws", "wss");
    }

    /**
     * Dials a peer's WebSocket port (a leaf node's hub): see {@link WebSocketDialer}.
     *
     * @param request where to connect, path, compression, masking, TLS for {@code wss}
     * @return completes once the upgrade is done and the caller's protocol installed
     */
    @Override
    public java.util.concurrent.CompletionStage<Void> dial(io.natsj.spi.transport.DialRequest request) {
        if (!dialSchemes().contains(request.scheme())) {
            return TransportProvider.super.dial(request);
        }
        return WebSocketDialer.dial(request);
    }

    /** Formats like Go's {@code net.JoinHostPort}, as nats-server's messages do. */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
