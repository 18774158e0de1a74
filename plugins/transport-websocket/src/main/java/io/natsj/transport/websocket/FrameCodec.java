package io.natsj.transport.websocket;

import io.natsj.spi.transport.ConnectionInitializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;

/**
 * RFC 6455 framing in front of the client protocol. Inbound, the payloads of text, binary and
 * continuation frames are the protocol's byte stream: they are unmasked and moved together in
 * the read buffer itself (over the frame headers between them), so one socket read reaches the
 * kernel as one buffer and nothing is allocated per frame. A compressed message is gathered
 * and inflated whole. Ping gets pong, close gets close (echoing the status); the checks and
 * their close texts are nats-server's. Outbound, see {@link FrameWriter}; when the kernel closes
 * the connection a close frame with nats-server's status for the reason goes first.
 */
final class FrameCodec extends ChannelDuplexHandler {

    /** nats-server's frame size for browsers. */
    static final int BROWSER_FRAME_SIZE = 4096;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final boolean expectMasked;
    private final PerMessageDeflate deflate;
    private final FrameWriter writer;

    // Inbound state, on the event loop only.
    private ByteBuf leftover;
    private long remaining;
    private boolean masked;
    private int maskKey;
    private int maskPos;
    private boolean finalReceived = true;
    private boolean compressedMessage;
    private ByteBuf compressed;
    private boolean closeSent;

    /**
     * @param expectMasked false when the client asked for {@code Nats-No-Masking}
     * @param compress true when per-message deflate was agreed
     * @param maxFrame the largest outbound frame payload, 0 for no limit
     * @param noCompressedFragments true to never split a compressed message (Safari)
     */
    FrameCodec(boolean expectMasked, boolean compress, int maxFrame, boolean noCompressedFragments) {
        this(expectMasked, compress, maxFrame, noCompressedFragments, false);
    }

    /**
     * @param expectMasked false when the client asked for {@code Nats-No-Masking}, or on the
     *        client side (a server's frames are never masked)
     * @param compress true when per-message deflate was agreed
     * @param maxFrame the largest outbound frame payload, 0 for no limit
     * @param noCompressedFragments true to never split a compressed message (Safari)
     * @param maskWrites true on the client side of a connection this server dialled, unless the
     *        server agreed to {@code Nats-No-Masking}
     */
    FrameCodec(boolean expectMasked, boolean compress, int maxFrame, boolean noCompressedFragments, boolean maskWrites) {
        this.expectMasked = expectMasked;
        this.deflate = compress ? new PerMessageDeflate() : null;
        this.writer = new FrameWriter(deflate, maxFrame, noCompressedFragments, maskWrites);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || closeSent) {
            ReferenceCountUtil.release(msg); // the HTTP decoder's last (empty) content, or bytes after close
            return;
        }
        ByteBuf buf = in;
        if (leftover != null) {
            buf = ctx.alloc().buffer(leftover.readableBytes() + in.readableBytes());
            buf.writeBytes(leftover).writeBytes(in);
            leftover.release();
            leftover = null;
            in.release();
        }
        try {
            decode(ctx, buf);
        } finally {
            buf.release();
        }
    }

    private void decode(ChannelHandlerContext ctx, ByteBuf buf) {
        int start = buf.readerIndex();
        int r = start;
        int w = start;
        int end = buf.writerIndex();
        while (r < end && !closeSent) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, end - r);
                if (compressedMessage) {
                    compressed.ensureWritable(n);
                    unmaskMove(buf, r, compressed, compressed.writerIndex(), n);
                    compressed.writerIndex(compressed.writerIndex() + n);
                } else {
                    unmaskMove(buf, r, buf, w, n);
                    w += n;
                }
                r += n;
                remaining -= n;
                if (remaining == 0 && !messageDone(ctx, buf, start, w)) {
                    return;
                }
                continue;
            }
            if (end - r < 2) {
                break;
            }
            int b0 = buf.getUnsignedByte(r);
            int b1 = buf.getUnsignedByte(r + 1);
            int opcode = b0 & 0x0F;
            boolean fin = (b0 & FrameWriter.FIN) != 0;
            boolean rsv1 = (b0 & FrameWriter.RSV1) != 0;
            boolean maskBit = (b1 & 0x80) != 0;
            int len7 = b1 & 0x7F;
            String error = check(opcode, fin, rsv1, maskBit, len7);
            if (error != null) {
                passOn(ctx, buf, start, w);
                protocolError(ctx, error);
                return;
            }
            int headerSize = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (maskBit ? 4 : 0);
            if (end - r < headerSize) {
                break;
            }
            long length = len7 == 126 ? buf.getUnsignedShort(r + 2) : len7 == 127 ? buf.getLong(r + 2) : len7;
            masked = maskBit;
            maskKey = maskBit ? buf.getInt(r + headerSize - 4) : 0;
            maskPos = 0;
            if (opcode >= FrameWriter.OP_CLOSE) {
                if (end - r < headerSize + length) {
                    break;
                }
                byte[] payload = new byte[(int) length];
                ByteBuf view = Unpooled.wrappedBuffer(payload).writerIndex(0);
                unmaskMove(buf, r + headerSize, view, 0, (int) length);
                r += headerSize + (int) length;
                if (opcode == FrameWriter.OP_CLOSE) {
                    passOn(ctx, buf, start, w);
                    closeReceived(ctx, payload);
                    return;
                }
                if (opcode == FrameWriter.OP_PING) {
                    FrameWriter.writeFrame(ctx, writer.masks(), FrameWriter.FIN | FrameWriter.OP_PONG,
                            Unpooled.wrappedBuffer(payload), ctx.voidPromise());
                    ctx.flush();
                }
                continue;
            }
            if (length < 0) {
                passOn(ctx, buf, start, w);
                protocolError(ctx, "invalid frame length");
                return;
            }
            if (opcode != FrameWriter.OP_CONTINUATION) {
                compressedMessage = rsv1;
                if (rsv1 && compressed == null) {
                    compressed = ctx.alloc().buffer((int) Math.min(length + 8, 1 << 16));
                }
            }
            finalReceived = fin;
            r += headerSize;
            remaining = length;
            if (length == 0 && !messageDone(ctx, buf, start, w)) {
                return;
            }
        }
        if (r < end && !closeSent) {
            leftover = ctx.alloc().buffer(end - r).writeBytes(buf, r, end - r);
        }
        passOn(ctx, buf, start, w);
    }

    /**
     * A frame's payload was all read: a compressed message that is complete is inflated and
     * passed on after the plain bytes before it.
     *
     * @return false when the connection is being closed
     */
    private boolean messageDone(ChannelHandlerContext ctx, ByteBuf buf, int start, int w) {
        if (!compressedMessage || !finalReceived) {
            return true;
        }
        compressedMessage = false;
        ByteBuf plain;
        try {
            plain = deflate == null ? null : deflate.inflate(ctx.alloc(), compressed);
        } catch (DataFormatException e) {
            plain = null;
        } finally {
            compressed.release();
            compressed = null;
        }
        if (plain == null) {
            passOn(ctx, buf, start, w);
            protocolError(ctx, deflate == null ? "compressed frame without per-message deflate" : "invalid compressed data");
            return false;
        }
        // Bytes before the compressed message must reach the kernel first.
        passOn(ctx, buf, start, w);
        ctx.fireChannelRead(plain);
        return true;
    }

    /** Hands the plain bytes gathered in {@code [from, to)} of the read buffer to the kernel, once. */
    private void passOn(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
        int begin = Math.max(from, buf.readerIndex());
        if (to > begin) {
            ctx.fireChannelRead(buf.retainedSlice(begin, to - begin));
            buf.readerIndex(to);
        }
    }

    /** nats-server's checks of a frame's first two bytes, with its close texts. */
    private String check(int opcode, boolean fin, boolean rsv1, boolean maskBit, int len7) {
        if (expectMasked && !maskBit) {
            return "mask bit missing";
        }
        switch (opcode) {
            case FrameWriter.OP_PING, FrameWriter.OP_PONG, FrameWriter.OP_CLOSE -> {
                if (len7 > MAX_CONTROL_PAYLOAD) {
                    return "control frame length bigger than maximum allowed of " + MAX_CONTROL_PAYLOAD + " bytes";
                }
                if (!fin) {
                    return "control frame does not have final bit set";
                }
            }
            case FrameWriter.OP_TEXT, FrameWriter.OP_BINARY -> {
                if (!finalReceived) {
                    return "new message started before final frame for previous message was received";
                }
            }
            case FrameWriter.OP_CONTINUATION -> {
                if (finalReceived || rsv1) {
                    return "invalid continuation frame";
                }
            }
            default -> {
                return "unknown opcode " + opcode;
            }
        }
        return null;
    }

    /**
     * Copies {@code n} bytes unmasked from {@code src} to {@code dst}; {@code dst} may be the
     * same buffer at an index at or before {@code from} (copied forwards, 8 bytes at a time).
     */
    private void unmaskMove(ByteBuf src, int from, ByteBuf dst, int to, int n) {
        int key = masked ? Integer.rotateLeft(maskKey, 8 * maskPos) : 0;
        long wide = ((long) key << 32) | (key & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            dst.setLong(to + i, src.getLong(from + i) ^ wide);
        }
        for (; i < n; i++) {
            dst.setByte(to + i, src.getByte(from + i) ^ (key >>> (24 - 8 * (i & 3))));
        }
        maskPos = (maskPos + n) & 3;
    }

    /** The client closes: echo its status (1005 when it gave none), then hang up, as nats-server. */
    private void closeReceived(ChannelHandlerContext ctx, byte[] payload) {
        int status = CloseStatus.NO_STATUS;
        String body = "";
        if (payload.length >= 2) {
            status = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (payload.length > 2) {
                try {
                    body = StandardCharsets.UTF_8.newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(payload, 2, payload.length - 2)).toString();
                } catch (CharacterCodingException e) {
                    status = CloseStatus.INVALID_PAYLOAD;
                    body = "invalid utf8 body in close frame";
                }
            }
        }
        sendClose(ctx, status, body, null);
    }

    private void protocolError(ChannelHandlerContext ctx, String message) {
        sendClose(ctx, CloseStatus.PROTOCOL_ERROR, message, null);
    }

    private void sendClose(ChannelHandlerContext ctx, int status, String text, ChannelPromise closePromise) {
        closeSent = true;
        ByteBuf payload = CloseStatus.payload(ctx.alloc(), status, text);
        ChannelPromise written = ctx.newPromise();
        FrameWriter.writeFrame(ctx, writer.masks(), FrameWriter.FIN | FrameWriter.OP_CLOSE, payload, written);
        ctx.flush();
        written.addListener(f -> {
            if (closePromise != null) {
                ctx.close(closePromise);
            } else {
                ctx.channel().close();
            }
        });
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf data && data.isReadable() && !closeSent) {
            writer.writeMessage(ctx, data, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closeSent || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        Supplier<String> reason = ctx.channel().attr(ConnectionInitializer.CLOSE_REASON).get();
        String text = reason == null ? "Client Closed" : reason.get();
        sendClose(ctx, CloseStatus.forReason(text), text, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    private void release() {
        if (leftover != null) {
            leftover.release();
            leftover = null;
        }
        if (compressed != null) {
            compressed.release();
            compressed = null;
        }
        if (deflate != null) {
            deflate.close();
        }
    }
}
