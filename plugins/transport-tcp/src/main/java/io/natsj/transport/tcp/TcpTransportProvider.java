package io.natsj.transport.tcp;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.TreeSet;

import com.typesafe.config.Config;
import io.natsj.spi.PluginException;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.Transport;
import io.natsj.spi.transport.TransportProvider;
import io.natsj.spi.transport.TransportRequest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The plain TCP transport: a Netty NIO server socket per listener, handing every accepted
 * connection straight to the kernel with nothing in front of it (TLS, when configured, is the
 * kernel's to add).
 *
 * <p>It has no options of its own. Any key in its {@code tcp} section is rejected, because an
 * option that is silently ignored is worse than one that stops the server with a clear message.
 */
public final class TcpTransportProvider implements TransportProvider {

    /** The name of this transport, in log lines and in {@link ConnectionInitializer.ConnectionRequest}. */
    public static final String NAME = "tcp";

    private static final int ACCEPT_BACKLOG = 1024;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public TcpTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configKey() {
        return NAME;
    }

    /**
     * Binds a listener on {@code request.host():request.port()} and returns once it is bound.
     *
     * @param request where to listen, the event loops and the kernel's connection initializer
     * @return the bound listener
     * @throws PluginException when the {@code tcp} section has any key, or the address cannot be
     *         bound (the message names it, for example
     *         {@code can't listen on 0.0.0.0:4222: Address already in use})
     */
    @Override
    public Transport open(TransportRequest request) {
        Objects.requireNonNull(request, "request");
        rejectOptions(request.config());
        String where = hostPort(request.host(), request.port());
        InetSocketAddress address = resolve(request.host(), request.port(), where);
        ConnectionInitializer initializer = Objects.requireNonNull(request.initializer(), "initializer");

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(request.acceptGroup(), request.ioGroup())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        initializer.initialize(
                                new ConnectionInitializer.ConnectionRequest(channel, NAME, false));
                    }
                });

        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new PluginException("can't listen on " + where + ": " + describe(bound.cause()),
                    bound.cause());
        }
        return new TcpTransport(bound.channel());
    }

    private static void rejectOptions(Config config) {
        if (config == null || config.isEmpty()) {
            return;
        }
        // Sorted so the message is the same from run to run.
        TreeSet<String> keys = new TreeSet<>(config.root().keySet());
        throw new PluginException("unknown option '" + NAME + "." + keys.first()
                + "': the tcp transport has no options");
    }

    private static InetSocketAddress resolve(String host, int port, String where) {
        if (host == null || host.isEmpty()) {
            throw new PluginException("can't listen on " + where + ": no host given");
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(host, port);
        } catch (IllegalArgumentException badPort) {
            throw new PluginException("can't listen on " + where + ": port out of range", badPort);
        }
        if (address.isUnresolved()) {
            throw new PluginException("can't listen on " + where + ": unknown host");
        }
        return address;
    }

    /** Formats like Go's {@code net.JoinHostPort}, as nats-server's messages do. */
    private static String hostPort(String host, int port) {
        String shown = host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return shown + ":" + port;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
