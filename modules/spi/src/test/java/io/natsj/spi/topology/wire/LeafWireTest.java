package io.natsj.spi.topology.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.spi.topology.MessageSlice;
import io.natsj.spi.topology.QueueNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leaf dialect as nats-server 2.9.10 speaks it between a hub and a leaf (seen with
 * {@code -DV}): no account on LS+/LS-/LMSG/HMSG, since each side binds the connection to one.
 */
class LeafWireTest {

    private final RecordingHandler protocol = new RecordingHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(WireDecoder.leaf(protocol, WireDecoder.MAX_CONTROL_LINE));

    private List<String> feed(String... chunks) {
        for (String chunk : chunks) {
            channel.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8));
        }
        return protocol.calls.stream().filter(c -> !c.equals("batch") && !c.equals("active")).toList();
    }

    @Test
    void interestWithoutAccount() {
        assertEquals(List.of("interest null foo", "interest null bar q1 2", "interest null $LDS.SKOYDPWEQ9ecGpMMBSWkSo",
                        "noInterest null foo", "noInterest null bar q1"),
                feed("LS+ foo\r\nLS+ bar q1 2\r\nLS+ $LDS.SKOYDPWEQ9ecGpMMBSWkSo\r\nLS- foo\r\nLS- bar q1\r\n"));
    }

    @Test
    void messagesWithoutAccount() {
        assertEquals(List.of(
                        "msg  foo hdr=-1 body=hi",
                        "msg  foo reply=r.1 hdr=-1 body=hi",
                        "msg  bar q=q1 hdr=-1 body=yo",
                        "msg  bar reply=rep q=q1 hdr=-1 body=yo",
                        "msg  foo hdr=12 body=NATS/1.0\r\n\r\nhi",
                        "msg  bar q=q1 hdr=12 body=NATS/1.0\r\n\r\nhi"),
                feed("LMSG foo 2\r\nhi\r\n", "LMSG foo r.1 2\r\nhi\r\n", "LMSG bar | q1 2\r\nyo\r\n",
                        "LMSG bar + r", "ep q1 2\r\nyo\r\n", "HMSG foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                        "HMSG bar | q1 12 14\r\nNATS/1.0\r\n\r\nhi\r\n"));
    }

    @Test
    void wrongArgumentCountsCloseWithoutAWord() {
        assertEquals(List.of("close"), feed("LS+ foo q1\r\nPING\r\n"));
    }

    @Test
    void messageWithoutSizeClosesWithoutAWord() {
        assertEquals(List.of("close"), feed("LMSG foo\r\nPING\r\n"));
    }

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
        int size = WireFrames.leafMessageSize(headers, m, q);
        WireFrames.writeLeafMessage(out, headers, m, q);
        assertEquals(size, out.readableBytes(), "leafMessageSize must be exact");
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void framesAsNatsServerWritesThem() {
        assertEquals("LMSG foo 2\r\nhi\r\n", frame(true, message("foo", "", null, "hi"), QueueNames.NONE));
        assertEquals("LMSG foo r.1 2\r\nhi\r\n", frame(true, message("foo", "r.1", null, "hi"), QueueNames.NONE));
        assertEquals("LMSG bar | q1 2\r\nyo\r\n", frame(true, message("bar", "", null, "yo"), queues("q1")));
        assertEquals("LMSG bar + rep q1 2\r\nyo\r\n", frame(true, message("bar", "rep", null, "yo"), queues("q1")));
        assertEquals("HMSG foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                frame(true, message("foo", "", "NATS/1.0\r\n\r\n", "hi"), QueueNames.NONE));
        assertEquals("HMSG bar | q1 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                frame(true, message("bar", "", "NATS/1.0\r\n\r\n", "hi"), queues("q1")));
        // A leaf that did not say headers:true gets the payload alone.
        assertEquals("LMSG foo 2\r\nhi\r\n", frame(false, message("foo", "", "NATS/1.0\r\n\r\n", "hi"), QueueNames.NONE));
    }

    @Test
    void interestLines() {
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        assertEquals("LS+ foo\r\n", text(WireFrames.leafInterest(alloc, "foo", null, 1)));
        assertEquals("LS+ bar q1 2\r\n", text(WireFrames.leafInterest(alloc, "bar", "q1", 2)));
        assertEquals("LS- foo\r\n", text(WireFrames.leafNoInterest(alloc, "foo", null)));
        assertEquals("LS- bar q1\r\n", text(WireFrames.leafNoInterest(alloc, "bar", "q1")));
    }

    private static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }
}
