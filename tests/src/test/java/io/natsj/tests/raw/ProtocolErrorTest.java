package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Malformed input after a good CONNECT: which lines close silently and which close with
 * {@code -ERR 'Unknown Protocol Operation'}. Each case also proves a bystander is undisturbed.
 */
class ProtocolErrorTest {

    private static final ServerCache SERVERS = new ServerCache("");

    private static final String UNKNOWN_OP = "-ERR 'Unknown Protocol Operation'\r\n";

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void malformedArgumentsCloseWithoutError(Target target) {
        expectEachClosesWith(target, "", List.of(
                "PUB foo -1\r\n",
                "PUB foo abc\r\n",
                "PUB a b c 1\r\nx\r\n",
                "SUB foo\r\n",
                "-ERR 'x'\r\n",
                // -ERR with a blank and nothing else still has an argument (the CR).
                "-ERR \r\n",
                // The byte after the blanks starts the arguments, even a CR.
                "PUB \r\n",
                "PUB  \t \r\n",
                "SUB \r\n",
                "UNSUB \r\n",
                "UNSUB 1 2 3\r\n",
                // Ten digits are too many for a size, whatever their value.
                "PUB foo 1234567890\r\n",
                "PUB foo 0000000001\r\nx\r\n",
                "HPUB foo 1234567890 1\r\n",
                "HPUB foo 0 0000000001\r\nx\r\n"));
    }

    @AllTargets
    void unknownOperationsCloseWithError(Target target) {
        expectEachClosesWith(target, UNKNOWN_OP, List.of(
                "FOO\r\n",
                "\r\n",
                "UNSUB\r\n",
                "MSG foo 1 2\r\nhi\r\n",
                // Payload longer than declared: no CRLF where the server expects one.
                "PUB foo 2\r\nhello\r\n",
                // A line starting with a blank, a CR or a misspelt name: known from that byte on,
                // without waiting for the LF.
                " PING\r\n",
                "\tPUB foo 1\r\nx\r\n",
                " ",
                "PUX",
                "PUB\r\n",
                "PIN\r\n",
                "-ERR\r\n",
                // A missing CR after the payload is an error as soon as the LF is there.
                "PUB foo 5\r\nhello\n",
                "PUB foo 0\r\n\n"));
    }

    @AllTargets
    void linesBeforeABadOneAreAnswered(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("PING\r\n PING\r\n");
            c.expectClosedAfter("PONG\r\n" + UNKNOWN_OP);
        }
    }

    @AllTargets
    void payloadOverMaxPayloadClosesWithError(Target target) {
        // The header alone triggers it: the server does not wait for the payload.
        expectEachClosesWith(target, "-ERR 'Maximum Payload Violation'\r\n",
                List.of("PUB foo 2000000\r\n", "HPUB foo 12 2000000\r\n"));
    }

    @AllTargets
    void payloadOverMaxPayloadIsLeftUnreadSoTheCloseIsAReset(Target target) {
        // A client that writes the payload right after the line sees -ERR, then a reset: the server
        // stops reading at the line, and a socket closed with bytes unread is reset.
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("PUB foo 2000000\r\n" + "x".repeat(64 * 1024));
            RawClient.Ending end = c.readUntilEnd(RawClient.TIMEOUT);
            assertEquals("-ERR 'Maximum Payload Violation'\r\n", end.received());
            assertTrue(end.reset(), "expected a reset, got a clean close");
        }
    }

    private static void expectEachClosesWith(Target target, String expected, List<String> inputs) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient bystander = RawClient.connect(server);
                RawClient publisher = RawClient.connect(server)) {
            bystander.send("SUB watch 1\r\n").sync();
            for (String input : inputs) {
                try (RawClient bad = RawClient.connect(server)) {
                    bad.send(input);
                    bad.expectClosedAfter(expected);
                }
                publisher.send("PUB watch 2\r\nok\r\n").sync();
                bystander.expectFrame("MSG watch 1 2", "ok");
            }
        }
    }
}
