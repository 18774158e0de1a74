package io.natsj.transport.websocket;

import io.natsj.spi.transport.DialRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The client side of the transport, for a topology plugin that dials a peer's WebSocket port (a
 * leaf node its hub's, as nats-server's {@code ws://} remotes): TCP (under TLS for {@code wss}),
 * the HTTP upgrade of {@link UpgradeRequest}, then the same {@link FrameCodec} as accepted
 * connections, writing masked frames as a client must, with the caller's protocol behind it.
 */
final class WebSocketDialer {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private WebSocketDialer() {
    }

    /**
     * @param request where to connect, the options and the caller's protocol
     * @return completes when the caller's initializer was called, exceptionally when the
     *         connection or the upgrade failed (its channel closed)
     */
    static CompletionStage<Void> dial(DialRequest request) {
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        boolean secure = request.scheme().equals("wss");
        if (secure && request.tls() == null) {
            upgraded.completeExceptionally(new IllegalArgumentException("wss:// needs a TLS configuration"));
            return upgraded;
        }
        new Bootstrap().group(request.ioGroup()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, request.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline p = channel.pipeline();
                        if (secure) {
                            p.addLast("tls", request.tls().newClientHandler(channel.alloc(), request.host(),
                                    request.port()));
                        }
                        p.addLast("http", new HttpResponseDecoder(4096, MAX_HEADER_BYTES, 8192));
                        p.addLast("ws-upgrade", new UpgradeRequest(request, upgraded));
                    }
                })
                .connect(request.host(), request.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        upgraded.completeExceptionally(f.cause());
                    }
                });
        return upgraded;
    }
}
