package io.natsj.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The frame codec on an embedded channel: whatever the frames, masks and TCP reads, the bytes
 * that reach the next handler are the client's stream, in order; outbound batches come out as
 * the frames nats-server writes.
 */
class FrameCodecTest {

    private static final long SEED = 20261205L;

    @Test
    void randomFramesMasksAndReadsGiveBackTheStream() throws Exception {
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            boolean compress = round % 3 == 0;
            EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec(true, compress, 0, false));
            byte[] stream = new byte[random.nextInt(200_000) + 1];
            for (int i = 0; i < stream.length; i++) {
                stream[i] = (byte) ('A' + random.nextInt(26));
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int pos = 0;
            while (pos < stream.length) {
                // A message of one or more frames; control frames in between now and then.
                int messageLength = Math.min(stream.length - pos, random.nextInt(70_000) + 1);
                byte[] message = Arrays.copyOfRange(stream, pos, pos + messageLength);
                pos += messageLength;
                boolean deflated = compress && random.nextBoolean();
                byte[] body = deflated ? deflate(message) : message;
                int parts = 1 + random.nextInt(3);
                int cut = 0;
                for (int p = 0; p < parts; p++) {
                    int end = p == parts - 1 ? body.length : cut + random.nextInt(body.length - cut + 1);
                    int b0 = (p == 0 ? FrameWriter.OP_BINARY : FrameWriter.OP_CONTINUATION)
                            | (p == parts - 1 ? FrameWriter.FIN : 0) | (p == 0 && deflated ? FrameWriter.RSV1 : 0);
                    writeFrame(wire, b0, Arrays.copyOfRange(body, cut, end), random);
                    cut = end;
                    if (random.nextInt(8) == 0) {
                        writeFrame(wire, FrameWriter.FIN | FrameWriter.OP_PONG, new byte[random.nextInt(10)], random);
                    }
                }
            }
            byte[] bytes = wire.toByteArray();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 65_536));
                ch.writeInbound(Unpooled.copiedBuffer(bytes, at, n));
                at += n;
                for (ByteBuf b; (b = ch.readInbound()) != null; ) {
                    byte[] chunk = new byte[b.readableBytes()];
                    b.readBytes(chunk);
                    b.release();
                    received.write(chunk);
                }
            }
            assertArrayEquals(stream, received.toByteArray(), "round " + round);
            assertNull(ch.readOutbound(), "pongs are answered with nothing");
            ch.finishAndReleaseAll(); // closing writes a close frame
        }
    }

    @Test
    void pingIsAnsweredAndCloseEchoed() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameCodec(true, false, 0, false));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Random random = new Random(SEED);
        writeFrame(wire, FrameWriter.FIN | FrameWriter.OP_PING, "abc".getBytes(), random);
        writeFrame(wire, FrameWriter.FIN | FrameWriter.OP_CLOSE, new byte[] {0x03, (byte) 0xE9, 'x'}, random);
        ch.writeInbound(Unpooled.wrappedBuffer(wire.toByteArray()));
        assertArrayEquals(new byte[] {(byte) 0x8A, 3, 'a', 'b', 'c'}, one(ch));
        assertArrayEquals(new byte[] {(byte) 0x88, 3, 0x03, (byte) 0xE9, 'x'}, one(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void outboundBatchesAreFramedSplitForBrowsersAndCompressed() throws Exception {
        EmbeddedChannel plain = new EmbeddedChannel(new FrameCodec(true, false, 0, false));
        plain.writeOutbound(Unpooled.wrappedBuffer("PONG\r\n".getBytes()));
        assertArrayEquals(new byte[] {(byte) 0x82, 6, 'P', 'O', 'N', 'G', '\r', '\n'}, drain(plain));

        EmbeddedChannel browser = new EmbeddedChannel(new FrameCodec(true, false, FrameCodec.BROWSER_FRAME_SIZE, false));
        browser.writeOutbound(Unpooled.wrappedBuffer(new byte[10_000]));
        byte[] frames = drain(browser);
        assertEquals(3 * 4 + 10_000, frames.length, "three binary frames of 4096, 4096 and 1808 bytes");
        assertEquals((byte) 0x82, frames[0]);
        assertEquals((byte) 0x82, frames[4 + 4096]);

        EmbeddedChannel compressed = new EmbeddedChannel(new FrameCodec(true, true, 0, false));
        byte[] text = "MSG foo 1 5\r\nhello\r\n".repeat(50).getBytes();
        compressed.writeOutbound(Unpooled.wrappedBuffer(text));
        byte[] frame = drain(compressed);
        assertEquals((byte) 0xC2, frame[0]);
        int headerSize = (frame[1] & 0x7F) == 126 ? 4 : 2;
        assertArrayEquals(text, inflate(Arrays.copyOfRange(frame, headerSize, frame.length)));
    }

    @Test
    void acceptKeyIsRfc6455s() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            b.release();
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static byte[] one(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        return bytes;
    }

    private static void writeFrame(ByteArrayOutputStream wire, int b0, byte[] payload, Random random) {
        wire.write(b0);
        int n = payload.length;
        if (n <= 125) {
            wire.write(0x80 | n);
        } else if (n < 65536) {
            wire.write(0x80 | 126);
            wire.write(n >>> 8);
            wire.write(n);
        } else {
            wire.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                wire.write((int) ((long) n >>> (8 * i)));
            }
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        wire.writeBytes(key);
        for (int i = 0; i < n; i++) {
            wire.write(payload[i] ^ key[i & 3]);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 1024];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4);
    }

    private static byte[] inflate(byte[] data) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] all = Arrays.copyOf(data, data.length + 4);
        all[data.length + 2] = (byte) 0xff;
        all[data.length + 3] = (byte) 0xff;
        inflater.setInput(all);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = inflater.inflate(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
