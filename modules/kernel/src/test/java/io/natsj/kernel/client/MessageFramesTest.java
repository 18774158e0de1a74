package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MSG and HMSG frames: exact bytes, and {@link MessageFrames#size} equal to what is written. */
class MessageFramesTest {

    private static final byte[] SID = "42".getBytes(StandardCharsets.US_ASCII);

    /** Lays out "junk subject junk reply junk body" in one buffer, as a read buffer would hold it. */
    private static InboundMessage message(String subject, String reply, String headers, String payload) {
        String prefix = "PUB ";
        String body = (headers == null ? "" : headers) + payload;
        String all = prefix + subject + " " + (reply == null ? "" : reply) + " 123\r\n" + body + "\r\n";
        ByteBuf buf = Unpooled.copiedBuffer(all, StandardCharsets.ISO_8859_1);
        InboundMessage m = new InboundMessage();
        int subjectOffset = prefix.length();
        int replyOffset = subjectOffset + subject.length() + 1;
        int bodyOffset = all.indexOf("\r\n") + 2;
        m.set(buf, subjectOffset, subject.length(), replyOffset, reply == null ? 0 : reply.length(),
                headers == null ? -1 : headers.length(), bodyOffset, body.length());
        return m;
    }

    private static String frame(InboundMessage m, boolean withHeaders) {
        ByteBuf out = Unpooled.buffer(4);
        int size = MessageFrames.size(m, SID, withHeaders);
        MessageFrames.write(out, m, SID, withHeaders);
        assertEquals(size, out.readableBytes(), "size() equals bytes written");
        String s = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return s;
    }

    @Test
    void msgWithoutReply() {
        assertEquals("MSG foo.bar 42 5\r\nhello\r\n", frame(message("foo.bar", null, null, "hello"), false));
    }

    @Test
    void msgWithReply() {
        assertEquals("MSG foo 42 _INBOX.a 5\r\nhello\r\n", frame(message("foo", "_INBOX.a", null, "hello"), false));
    }

    @Test
    void msgWithEmptyPayload() {
        assertEquals("MSG foo 42 0\r\n\r\n", frame(message("foo", null, null, ""), false));
    }

    @Test
    void hmsgWithoutReply() {
        assertEquals("HMSG foo 42 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                frame(message("foo", null, "NATS/1.0\r\n\r\n", "hi"), true));
    }

    @Test
    void hmsgWithReply() {
        assertEquals("HMSG foo 42 r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                frame(message("foo", "r", "NATS/1.0\r\n\r\n", "hi"), true));
    }

    @Test
    void headersDroppedForSubscriberWithoutHeaders() {
        assertEquals("MSG foo 42 r 2\r\nhi\r\n", frame(message("foo", "r", "NATS/1.0\r\n\r\n", "hi"), false));
        assertEquals("MSG foo 42 0\r\n\r\n", frame(message("foo", null, "NATS/1.0\r\n\r\n", ""), false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 11, 99, 100, 999, 1000, 99999, 100000, 999999, 1000000})
    void sizesMatchForPayloadLengths(int n) {
        String payload = "p".repeat(n);
        String msg = frame(message("s", null, null, payload), false);
        assertEquals("MSG s 42 " + n + "\r\n" + payload + "\r\n", msg);
        String hdr = "NATS/1.0\r\n\r\n";
        String hmsg = frame(message("s", "r", hdr, payload), true);
        assertEquals("HMSG s 42 r 12 " + (12 + n) + "\r\n" + hdr + payload + "\r\n", hmsg);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 10, 99, 100, 999999})
    void sizesMatchForHeaderLengths(int n) {
        String headers = "h".repeat(n);
        String hmsg = frame(message("s", null, headers, "xy"), true);
        assertEquals("HMSG s 42 " + n + " " + (n + 2) + "\r\n" + headers + "xy\r\n", hmsg);
        assertEquals("MSG s 42 2\r\nxy\r\n", frame(message("s", null, headers, "xy"), false));
    }

    @ParameterizedTest
    @CsvSource({"0,1", "9,1", "10,2", "99,2", "100,3", "999999,6", "1000000,7", "2147483647,10", "9223372036854775807,19"})
    void digits(long value, int digits) {
        assertEquals(digits, MessageFrames.digits(value));
        ByteBuf out = Unpooled.buffer(1).writeByte('x');
        MessageFrames.writeDecimal(out, value);
        assertEquals("x" + value, out.toString(StandardCharsets.US_ASCII));
        out.release();
    }

    @Test
    void appendsAfterExistingBytes() {
        ByteBuf out = Unpooled.buffer(8);
        out.writeBytes("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        InboundMessage m = message("a.b", "c", null, "z");
        MessageFrames.write(out, m, SID, false);
        assertEquals("PONG\r\nMSG a.b 42 c 1\r\nz\r\n", out.toString(StandardCharsets.US_ASCII));
        out.release();
    }
}
