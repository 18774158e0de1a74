package io.natsj.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * RFC 7692's per-message deflate with no context takeover either way (what nats-server always
 * answers): each message is a raw deflate stream of its own, ending in a sync flush whose
 * {@code 00 00 ff ff} tail is left off the wire. One per connection, used on its event loop.
 */
final class PerMessageDeflate {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final int MIN_OUTPUT = 256;

    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);

    /**
     * @param alloc where the output comes from
     * @param compressed one whole message's payload (its tail is appended here)
     * @return the message's bytes
     * @throws DataFormatException when the payload is not deflate data
     */
    ByteBuf inflate(ByteBufAllocator alloc, ByteBuf compressed) throws DataFormatException {
        compressed.writeBytes(TAIL);
        inflater.reset();
        inflater.setInput(compressed.nioBuffer());
        ByteBuf out = alloc.buffer(Math.max(MIN_OUTPUT, compressed.readableBytes() * 3));
        try {
            while (true) {
                if (!out.isWritable()) {
                    out.ensureWritable(out.capacity());
                }
                int room = out.writableBytes();
                int n = inflater.inflate(writable(out));
                out.writerIndex(out.writerIndex() + n);
                if (inflater.finished() || (inflater.needsInput() && n < room)) {
                    return out;
                }
                if (n == 0 && (inflater.needsDictionary() || inflater.needsInput())) {
                    throw new DataFormatException("truncated deflate data");
                }
            }
        } catch (DataFormatException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * @param alloc where the output comes from
     * @param plain the bytes to send (not released here)
     * @return their deflate stream without the sync flush's tail
     */
    ByteBuf deflate(ByteBufAllocator alloc, ByteBuf plain) {
        deflater.reset();
        deflater.setInput(plain.nioBuffer());
        ByteBuf out = alloc.buffer(Math.max(MIN_OUTPUT, plain.readableBytes() / 2 + 64));
        while (true) {
            if (out.writableBytes() < 16) {
                out.ensureWritable(out.capacity());
            }
            int room = out.writableBytes();
            int n = deflater.deflate(writable(out), Deflater.SYNC_FLUSH);
            out.writerIndex(out.writerIndex() + n);
            if (n < room) {
                break;
            }
        }
        out.writerIndex(out.writerIndex() - TAIL.length);
        return out;
    }

    private static ByteBuffer writable(ByteBuf out) {
        return out.nioBuffer(out.writerIndex(), out.writableBytes());
    }

    /** Frees the native zlib state. */
    void close() {
        inflater.end();
        deflater.end();
    }
}
