package io.natsj.transport.tls;

import io.natsj.spi.tls.TlsContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/**
 * A NATS-shaped echo server on 127.0.0.1:0, installing the handler as the kernel's
 * ClientSecurity does: INFO in clear and then the handler at the front of the pipeline, or with
 * handshake_first the handler first. Then it echoes what it reads.
 */
final class EchoServer implements AutoCloseable {

    static final String INFO = "INFO {\"tls_required\":true}\r\n";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    /** The outcome of the first connection's handshake: its session, or the failure. */
    final CompletableFuture<SSLSession> handshake = new CompletableFuture<>();

    EchoServer(TlsContext tls) throws InterruptedException {
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        SslHandler ssl = tls.newHandler(channel.alloc());
                        ssl.handshakeFuture().addListener((Future<Channel> f) -> {
                            if (f.isSuccess()) {
                                handshake.complete(ssl.engine().getSession());
                            } else {
                                handshake.completeExceptionally(f.cause());
                            }
                        });
                        if (tls.handshakeFirst()) {
                            channel.pipeline().addLast(ssl, new Echo(null));
                        } else {
                            channel.pipeline().addLast(new Echo(ssl));
                        }
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {

        /** The handler to add after INFO, or null when it is in the pipeline already. */
        private final SslHandler afterInfo;

        Echo(SslHandler afterInfo) {
            this.afterInfo = afterInfo;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (afterInfo != null) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(INFO, StandardCharsets.US_ASCII));
                ctx.pipeline().addFirst("tls", afterInfo);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
