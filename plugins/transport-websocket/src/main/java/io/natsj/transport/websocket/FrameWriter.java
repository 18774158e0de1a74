package io.natsj.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Server-to-client frames (never masked). The kernel's writes are whole protocol lines and
 * messages, flushed in batches; each batch becomes one binary frame, as nats-server frames
 * what it has queued at each flush. For browsers a batch is cut into frames of at most 4 KiB
 * (nats-server's finding that browsers do better so), and with per-message deflate a batch
 * over 64 bytes is compressed as one message. A leaf node dialling a hub writes as a client
 * does: every frame masked (RFC 6455 5.3), unless the hub agreed to {@code Nats-No-Masking}.
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
    private final boolean mask;

    /**
     * @param deflate the connection's compressor, or null without per-message deflate
     * @param maxFrame the largest frame payload, 0 for no limit
     * @param noCompressedFragments true to keep a compressed message in one frame whatever its size
     * @param mask true to mask every frame (the client side of a connection this server dialled)
     */
    FrameWriter(PerMessageDeflate deflate, int maxFrame, boolean noCompressedFragments, boolean mask) {
        this.deflate = deflate;
        this.maxFrame = maxFrame;
        this.noCompressedFragments = noCompressedFragments;
        this.mask = mask;
    }

    /** @return true when this side masks its frames */
    boolean masks() {
        return mask;
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
                    writeFrame(ctx, mask, b0, compressed.readRetainedSlice(limit), ctx.voidPromise());
                    first = false;
                }
                writeFrame(ctx, mask, FIN | OP_CONTINUATION, compressed, promise);
            } else {
                writeFrame(ctx, mask, FIN | RSV1 | OP_BINARY, compressed, promise);
            }
            return;
        }
        if (maxFrame > 0 && n > maxFrame) {
            // Uncompressed, nats-server makes each piece a whole binary frame of its own.
            while (data.readableBytes() > maxFrame) {
                writeFrame(ctx, mask, FIN | OP_BINARY, data.readRetainedSlice(maxFrame), ctx.voidPromise());
            }
        }
        writeFrame(ctx, mask, FIN | OP_BINARY, data, promise);
    }

    /**
     * Writes one frame. Releases {@code payload}.
     *
     * @param b0 the first byte: FIN, RSV1 and the opcode
     */
    static void writeFrame(ChannelHandlerContext ctx, int b0, ByteBuf payload, ChannelPromise promise) {
        writeFrame(ctx, false, b0, payload, promise);
    }

    /**
     * Writes one frame, masked when {@code mask} is set. Releases {@code payload}.
     *
     * @param mask true to mask the frame with a fresh key (client side)
     * @param b0 the first byte: FIN, RSV1 and the opcode
     */
    static void writeFrame(ChannelHandlerContext ctx, boolean mask, int b0, ByteBuf payload, ChannelPromise promise) {
        if (mask) {
            writeMaskedFrame(ctx, b0, payload, promise);
            return;
        }
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

    /**
     * A client's frame: the header with the mask bit and key, then the payload masked into the
     * same new buffer (the payload may be shared, so it is never masked in place).
     */
    private static void writeMaskedFrame(ChannelHandlerContext ctx, int b0, ByteBuf payload, ChannelPromise promise) {
        try {
            int n = payload.readableBytes();
            int headerSize = (n <= 125 ? 2 : n < 65536 ? 4 : 10) + 4;
            ByteBuf frame = ctx.alloc().directBuffer(headerSize + n);
            frame.writeByte(b0);
            if (n <= 125) {
                frame.writeByte(0x80 | n);
            } else if (n < 65536) {
                frame.writeByte(0x80 | 126);
                frame.writeShort(n);
            } else {
                frame.writeByte(0x80 | 127);
                frame.writeLong(n);
            }
            int key = ThreadLocalRandom.current().nextInt();
            frame.writeInt(key);
            long wide = ((long) key << 32) | (key & 0xFFFFFFFFL);
            int from = payload.readerIndex();
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                frame.writeLong(payload.getLong(from + i) ^ wide);
            }
            for (; i < n; i++) {
                frame.writeByte(payload.getByte(from + i) ^ (key >>> (24 - 8 * (i & 3))));
            }
            ctx.write(frame, promise);
        } finally {
            payload.release();
        }
    }
}
