package io.natsj.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Server-to-client frames (never masked). The kernel's writes are whole protocol lines and
 * messages, flushed in batches; each batch becomes one binary frame, as nats-server frames
 * what it has queued at each flush. For browsers a batch is cut into frames of at most 4 KiB
 * (nats-server's finding that browsers do better so), and with per-message deflate a batch
 * over 64 bytes is compressed as one message.
 */
final class FrameWriter {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;
    static final int FIN = 0x80;
    static final int RSV1 = 0x40;

    private static final int COMPRESS_THRESHOLD = 64;
    // Below this a payload is copied behind its header: one write instead of two.
    private static final int COPY_THRESHOLD = 512;

    private final PerMessageDeflate deflate;
    private final int maxFrame;
    private final boolean noCompressedFragments;

    /**
     * @param deflate the connection's compressor, or null without per-message deflate
     * @param maxFrame the largest frame payload, 0 for no limit
     * @param noCompressedFragments true to keep a compressed message in one frame whatever its size
     */
    FrameWriter(PerMessageDeflate deflate, int maxFrame, boolean noCompressedFragments) {
        this.deflate = deflate;
        this.maxFrame = maxFrame;
        this.noCompressedFragments = noCompressedFragments;
    }

    /**
     * Writes the bytes as one message. Releases {@code data}.
     */
    void writeMessage(ChannelHandlerContext ctx, ByteBuf data, ChannelPromise promise) {
        int n = data.readableBytes();
        if (deflate != null && n > COMPRESS_THRESHOLD) {
            ByteBuf compressed;
            try {
                compressed = deflate.deflate(ctx.alloc(), data);
            } finally {
                data.release();
            }
            int limit = noCompressedFragments ? 0 : maxFrame;
            if (limit > 0 && compressed.readableBytes() > limit) {
                // One message over several frames: only the first says compressed (RSV1).
                boolean first = true;
                while (compressed.readableBytes() > limit) {
                    int b0 = first ? OP_BINARY | RSV1 : OP_CONTINUATION;
                    writeFrame(ctx, b0, compressed.readRetainedSlice(limit), ctx.voidPromise());
                    first = false;
                }
                writeFrame(ctx, FIN | OP_CONTINUATION, compressed, promise);
            } else {
                writeFrame(ctx, FIN | RSV1 | OP_BINARY, compressed, promise);
            }
            return;
        }
        if (maxFrame > 0 && n > maxFrame) {
            // Uncompressed, nats-server makes each piece a whole binary frame of its own.
            while (data.readableBytes() > maxFrame) {
                writeFrame(ctx, FIN | OP_BINARY, data.readRetainedSlice(maxFrame), ctx.voidPromise());
            }
        }
        writeFrame(ctx, FIN | OP_BINARY, data, promise);
    }

    /**
     * Writes one frame. Releases {@code payload}.
     *
     * @param b0 the first byte: FIN, RSV1 and the opcode
     */
    static void writeFrame(ChannelHandlerContext ctx, int b0, ByteBuf payload, ChannelPromise promise) {
        int n = payload.readableBytes();
        int headerSize = n <= 125 ? 2 : n < 65536 ? 4 : 10;
        boolean copy = n < COPY_THRESHOLD;
        ByteBuf header = ctx.alloc().directBuffer(headerSize + (copy ? n : 0));
        header.writeByte(b0);
        if (n <= 125) {
            header.writeByte(n);
        } else if (n < 65536) {
            header.writeByte(126);
            header.writeShort(n);
        } else {
            header.writeByte(127);
            header.writeLong(n);
        }
        if (copy) {
            header.writeBytes(payload);
            payload.release();
            ctx.write(header, promise);
        } else {
            ctx.write(header, ctx.voidPromise());
            ctx.write(payload, promise);
        }
    }
}
