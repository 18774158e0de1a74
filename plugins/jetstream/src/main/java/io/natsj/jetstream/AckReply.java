package io.natsj.jetstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A consumer's ack subject for each message it delivers, nats-server's
 * {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp>.<pending>},
 * written into one reused buffer after a prefix encoded once: a delivery makes no string and
 * no array (the kernel copies the bytes into the frame). Confined to the stream's executor.
 */
final class AckReply {

    private final byte[] prefix;
    private byte[] bytes;
    private int length;

    AckReply(String stream, String consumer) {
        this.prefix = ("$JS.ACK." + stream + "." + consumer + ".").getBytes(StandardCharsets.UTF_8);
        this.bytes = Arrays.copyOf(prefix, prefix.length + 5 * 20 + 4);
    }

    /** Writes the subject of one delivery; {@link #bytes()} holds it until the next call. */
    void write(long delivered, long streamSeq, long consumerSeq, long timestamp, long pending) {
        int at = prefix.length;
        at = digits(delivered, at);
        bytes[at++] = '.';
        at = digits(streamSeq, at);
        bytes[at++] = '.';
        at = digits(consumerSeq, at);
        bytes[at++] = '.';
        at = digits(timestamp, at);
        bytes[at++] = '.';
        length = digits(pending, at);
    }

    /** @return the buffer; the subject is its first {@link #length()} bytes */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** @return the subject written last, as a string (a delivery kept for later) */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes {@code value} (a Go int64 printed with %d) at {@code at}; @return the end */
    private int digits(long value, int at) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                byte[] min = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(min, 0, bytes, at, min.length);
                return at + min.length;
            }
            bytes[at++] = '-';
            value = -value;
        }
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        for (int i = at + n - 1; i >= at; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + n;
    }
}
