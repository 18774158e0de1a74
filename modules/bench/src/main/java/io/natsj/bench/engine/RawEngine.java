package io.natsj.bench.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The raw-protocol engine: NATS text protocol written straight onto Netty channels, with
 * publishes sent as large pre-built batches and MSG frames counted without copying payloads.
 * It measures what the server can do when the client is not the limit.
 */
public final class RawEngine implements ClientEngine {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final ClientTls tls;
    private final ClientCredentials creds;

    /**
     * @param tls used for {@code tls://} URLs and for servers that require TLS
     * @param creds presented by every connection, or null
     */
    public RawEngine(ClientTls tls, ClientCredentials creds) {
        this.tls = tls;
        this.creds = creds;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public BenchConnection connect(String url, String connectionName) throws IOException {
        URI uri = URI.create(url.contains("://") ? url : "nats://" + url);
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 4222 : uri.getPort();
        boolean tlsWanted = ClientTls.wanted(url);
        if (tlsWanted) {
            // Built now, not on the event loop after INFO, so a bad CA file fails with its own message.
            tls.prepare();
        }
        var handler = new RawProtocolHandler(new RawTlsUpgrade(tls, uri, tlsWanted));
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) HANDSHAKE_TIMEOUT.toMillis())
                // Publishers block above the high mark, so memory stays bounded however fast they loop.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                });
        Channel channel;
        try {
            var future = bootstrap.connect(host, port);
            if (!future.await(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !future.isSuccess()) {
                future.channel().close();
                throw new IOException("cannot connect to " + host + ":" + port
                        + (future.cause() == null ? " (timeout)" : ": " + future.cause().getMessage()));
            }
            channel = future.channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
        var connection = new RawConnection(channel, handler);
        try {
            connection.handshake(connectionName, uri.getUserInfo(), creds, HANDSHAKE_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
