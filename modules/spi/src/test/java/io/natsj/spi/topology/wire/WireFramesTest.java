package io.natsj.spi.topology.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.QueueNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RMSG/HMSG as nats-server 2.9.10 writes them, and the size the kernel reserves for them. */
class WireFramesTest {

    private static final byte[] G = "$G".getBytes(StandardCharsets.US_ASCII);

    /** A message laid out in a buffer as a client's PUB/HPUB would leave it. */
    private static MessageSlice message(String subject, String reply, String headers, String payload) {
        String all = "xx" + subject + " " + reply + " " + (headers == null ? "" : headers) + payload;
        ByteBuf buf = Unpooled.copiedBuffer(all, StandardCharsets.UTF_8);
        MessageSlice m = new MessageSlice();
        int bodyAt = 2 + subject.length() + 1 + reply.length() + 1;
        int hdr = headers == null ? -1 : headers.length();
        m.set(buf, 2, subject.length(), 2 + subject.length() + 1, reply.length(), hdr, bodyAt,
                (headers == null ? 0 : headers.length()) + payload.length());
        return m;
    }

    private static QueueNames queues(String... names) {
        List<byte[]> list = java.util.Arrays.stream(names).map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
        return new QueueNames() {
            @Override
            public int size() {
                return list.size();
            }

            @Override
            public byte[] get(int i) {
                return list.get(i);
            }
        };
    }

    private static String frame(boolean headers, MessageSlice m, QueueNames q) {
        ByteBuf out = Unpooled.buffer();
        int size = WireFrames.messageSize(headers, G, m, q);
        WireFrames.writeMessage(out, headers, G, m, q);
        assertEquals(size, out.readableBytes(), "frameSize must be exact");
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainForms() {
        assertEquals("RMSG $G foo 5\r\nhello\r\n", frame(true, message("foo", "", null, "hello"), QueueNames.NONE));
        assertEquals("RMSG $G foo rep.1 5\r\nhello\r\n", frame(true, message("foo", "rep.1", null, "hello"), QueueNames.NONE));
        assertEquals("RMSG $G bar | q1 q2 2\r\nhi\r\n", frame(true, message("bar", "", null, "hi"), queues("q1", "q2")));
        assertEquals("RMSG $G bar + rep.2 q1 q2 2\r\nhi\r\n",
                frame(true, message("bar", "rep.2", null, "hi"), queues("q1", "q2")));
        assertEquals("RMSG $G e 0\r\n\r\n", frame(true, message("e", "", null, ""), QueueNames.NONE));
    }

    @Test
    void headerForms() {
        String h = "NATS/1.0\r\nA: 1\r\n\r\n";
        assertEquals("HMSG $G hdr 18 23\r\n" + h + "hello\r\n", frame(true, message("hdr", "", h, "hello"), QueueNames.NONE));
        assertEquals("HMSG $G hdr rr 18 23\r\n" + h + "hello\r\n", frame(true, message("hdr", "rr", h, "hello"), QueueNames.NONE));
        assertEquals("HMSG $G hdr + rr g 18 23\r\n" + h + "hello\r\n", frame(true, message("hdr", "rr", h, "hello"), queues("g")));
    }

    @Test
    void headersAreStrippedForAPeerWithoutThem() {
        String h = "NATS/1.0\r\nA: 1\r\n\r\n";
        assertEquals("RMSG $G hdr rr 5\r\nhello\r\n", frame(false, message("hdr", "rr", h, "hello"), QueueNames.NONE));
    }

    @Test
    void largeSizes() {
        String payload = "x".repeat(123456);
        assertEquals("RMSG $G big 123456\r\n" + payload + "\r\n", frame(true, message("big", "", null, payload), QueueNames.NONE));
    }

    @Test
    void interestLines() {
        var alloc = io.netty.buffer.UnpooledByteBufAllocator.DEFAULT;
        assertEquals("RS+ $G foo\r\n", WireFrames.interest(alloc, "$G", "foo", null, 1).toString(StandardCharsets.UTF_8));
        assertEquals("RS+ $G bar q1 2\r\n", WireFrames.interest(alloc, "$G", "bar", "q1", 2).toString(StandardCharsets.UTF_8));
        assertEquals("RS- $G bar q1\r\n", WireFrames.noInterest(alloc, "$G", "bar", "q1").toString(StandardCharsets.UTF_8));
        assertEquals("RS- ACC1 foo\r\n", WireFrames.noInterest(alloc, "ACC1", "foo", null).toString(StandardCharsets.UTF_8));
    }
}
