package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ack subject written into a reused buffer reads as nats-server's formatted one. */
class AckReplyTest {

    private static String expected(String stream, String consumer, long dc, long sseq, long dseq, long ts, long pending) {
        return "$JS.ACK." + stream + "." + consumer + "." + dc + "." + sseq + "." + dseq + "." + ts + "." + pending;
    }

    @Test
    void writesEveryFieldInDecimalReusingTheBuffer() {
        AckReply a = new AckReply("ORDERS", "dürable");
        long[][] cases = {
            {1, 1, 1, 1_700_000_000_123_456_789L, 0},
            {12, 9_999_999_999L, 10, 0, 123_456},
            {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE},
            {3, 7, 5, -42, Long.MIN_VALUE},
            {1, 2, 3, 4, 5},
        };
        for (long[] c : cases) {
            a.write(c[0], c[1], c[2], c[3], c[4]);
            String want = expected("ORDERS", "dürable", c[0], c[1], c[2], c[3], c[4]);
            assertEquals(want, a.toString());
            assertEquals(want.getBytes(StandardCharsets.UTF_8).length, a.length());
            assertEquals(want, new String(a.bytes(), 0, a.length(), StandardCharsets.UTF_8));
        }
    }
}
