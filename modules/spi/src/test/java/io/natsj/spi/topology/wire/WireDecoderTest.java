package io.natsj.spi.topology.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route decoder on an EmbeddedChannel: every operation, the message forms, splits and errors. */
class WireDecoderTest {

    private final RecordingHandler protocol = new RecordingHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(new WireDecoder(protocol));

    private List<String> feed(String... chunks) {
        for (String chunk : chunks) {
            channel.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8));
        }
        return protocol.calls.stream().filter(c -> !c.equals("batch") && !c.equals("active")).toList();
    }

    @Test
    void controlOperations() {
        assertEquals(List.of("INFO {\"server_id\":\"N1\",\"a\":\"x y\"}", "CONNECT {\"name\":\"N2\"}", "PING", "PONG",
                        "ERR 'Authorization Violation'"),
                feed("INFO {\"server_id\":\"N1\",\"a\":\"x y\"} \r\nCONNECT {\"name\":\"N2\"}\r\nPING\r\nPONG\r\n+OK\r\n"
                        + "A+ ACC1\r\nA- ACC1\r\n-ERR 'Authorization Violation'\r\n"));
    }

    @Test
    void operationsAreCaseInsensitiveAndMayBeSplitAnywhere() {
        assertEquals(List.of("PING", "interest $G foo.bar", "msg $G foo hdr=-1 body=hello"),
                feed("pi", "ng\r", "\nrs+ $G fo", "o.bar\r\nRM", "SG $G foo 5\r\nhel", "lo", "\r", "\n"));
    }

    @Test
    void interestLines() {
        assertEquals(List.of("interest $G foo", "interest $G bar q1 3", "noInterest $G foo", "noInterest $G bar q1",
                        "interest ACC1 foo.leaf", "interest ACC1 foo.lq grp 2", "noInterest ACC1 foo.leaf"),
                feed("RS+ $G foo\r\nRS+ $G bar q1 3\r\nRS- $G foo\r\nRS- $G bar q1\r\n"
                        + "LS+ leafc ACC1 foo.leaf\r\nLS+ leafc ACC1 foo.lq grp 2\r\nLS-  ACC1 foo.leaf\r\n"));
    }

    @Test
    void messageForms() {
        assertEquals(List.of(
                        "msg $G foo hdr=-1 body=hello",
                        "msg $G foo reply=rep.1 hdr=-1 body=hello",
                        "msg $G bar q=q1 q=q2 hdr=-1 body=hi",
                        "msg $G bar reply=rep.2 q=q1 q=q2 hdr=-1 body=hi",
                        "msg $G hdr hdr=12 body=NATS/1.0\r\n\r\nhello",
                        "msg $G hdr reply=rr q=g hdr=12 body=NATS/1.0\r\n\r\nhello",
                        "msg ACC1 foo.x hdr=-1 body=hi",
                        "msg ACC1 foo.x reply=r.1 hdr=12 body=NATS/1.0\r\n\r\nhi",
                        "msg $G empty hdr=-1 body="),
                feed("RMSG $G foo 5\r\nhello\r\n", "RMSG $G foo rep.1 5\r\nhello\r\n",
                        "RMSG $G bar | q1 q2 2\r\nhi\r\n", "RMSG $G bar + rep.2 q1 q2 2\r\nhi\r\n",
                        "HMSG $G hdr 12 17\r\nNATS/1.0\r\n\r\nhello\r\n", "HMSG $G hdr + rr g 12 17\r\nNATS/1.0\r\n\r\nhello\r\n",
                        "LMSG leafc ACC1 foo.x 0 2\r\nhi\r\n", "LMSG leafc ACC1 foo.x r.1 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                        "RMSG $G empty 0\r\n\r\n"));
    }

    @Test
    void binaryBodyWithCrLfInside() {
        assertEquals(List.of("msg $G b hdr=-1 body=a\r\nb", "PING"), feed("RMSG $G b 4\r\na\r\nb\r\nPING\r\n"));
    }

    @Test
    void unknownOperationGetsNatsServersError() {
        assertEquals(List.of("error Unknown Protocol Operation"), feed("SUB foo 1\r\nPING\r\n"));
    }

    @Test
    void badArgumentsCloseWithoutAWord() {
        assertEquals(List.of("close"), feed("RMSG $G foo x 1 2\r\nab\r\n"));
    }

    @Test
    void badSizeClosesWithoutAWord() {
        assertEquals(List.of("close"), feed("RMSG $G foo five\r\n"));
    }

    @Test
    void headerLargerThanTotalCloses() {
        assertEquals(List.of("close"), feed("HMSG $G foo 9 3\r\n"));
    }

    @Test
    void wrongInterestArgumentCountCloses() {
        assertEquals(List.of("close"), feed("RS+ $G foo q\r\n"));
    }

    @Test
    void overlongControlLine() {
        assertEquals(List.of("error Maximum Control Line Exceeded"), feed("RS+ $G " + "a".repeat(5000)));
    }

    @Test
    void theServersMaxControlLineApplies() {
        RecordingHandler strict = new RecordingHandler();
        EmbeddedChannel small = new EmbeddedChannel(new WireDecoder(strict, 64));
        small.writeInbound(Unpooled.copiedBuffer("RS+ $G short\r\nRS+ $G " + "a".repeat(100) + "\r\n",
                StandardCharsets.UTF_8));
        assertEquals(List.of("interest $G short", "error Maximum Control Line Exceeded"),
                strict.calls.stream().filter(c -> !c.equals("batch") && !c.equals("active")).toList());
    }

    @Test
    void longInfoIsFine() {
        String json = "{\"connect_urls\":[\"" + "x".repeat(6000) + "\"]}";
        assertEquals(List.of("INFO " + json), feed("INFO " + json + "\r\n"));
    }

    @Test
    void missingCrLfAfterBodyCloses() {
        assertEquals(List.of("close"), feed("RMSG $G foo 2\r\nhiXX"));
    }

    @Test
    void queueNamesAreReusedNotReallocated() {
        WireQueueNames names = new WireQueueNames();
        var buf = Unpooled.copiedBuffer("grp grp", StandardCharsets.US_ASCII);
        names.add(buf, 0, 3);
        names.add(buf, 4, 3);
        assertEquals(2, names.size());
        org.junit.jupiter.api.Assertions.assertSame(names.get(0), names.get(1));
    }
}
