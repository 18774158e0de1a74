package io.natsj.tests.raw;

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
                "-ERR 'x'\r\n"));
    }

    @AllTargets
    void unknownOperationsCloseWithError(Target target) {
        expectEachClosesWith(target, UNKNOWN_OP, List.of(
                "FOO\r\n",
                "\r\n",
                "UNSUB\r\n",
                "MSG foo 1 2\r\nhi\r\n",
                // Payload longer than declared: no CRLF where the server expects one.
                "PUB foo 2\r\nhello\r\n"));
    }

    @AllTargets
    void payloadOverMaxPayloadClosesWithError(Target target) {
        // The header alone triggers it: the server does not wait for the payload.
        expectEachClosesWith(target, "-ERR 'Maximum Payload Violation'\r\n",
                List.of("PUB foo 2000000\r\n"));
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
