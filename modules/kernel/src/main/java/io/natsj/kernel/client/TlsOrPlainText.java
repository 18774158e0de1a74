package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.util.function.Supplier;

/**
 * With {@code allow_non_tls}, the client's first byte after INFO says whether it starts TLS: a
 * TLS handshake record begins with 0x16, which no NATS operation does (nats-server decides on
 * that same byte). The handler then puts TLS in its place or leaves, and passes the bytes on to
 * whichever comes next.
 */
final class TlsOrPlainText extends ChannelInboundHandlerAdapter {

    private static final byte TLS_HANDSHAKE_RECORD = 0x16;

    private final Supplier<SslHandler> tls;

    /** @param tls makes the connection's TLS handler, when the client starts TLS */
    TlsOrPlainText(Supplier<SslHandler> tls) {
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
            if (bytes.getByte(bytes.readerIndex()) == TLS_HANDSHAKE_RECORD) {
                // A replaced handler's context forwards to its replacement.
                ctx.pipeline().replace(this, "tls", tls.get());
            } else {
                ctx.pipeline().remove(this);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
