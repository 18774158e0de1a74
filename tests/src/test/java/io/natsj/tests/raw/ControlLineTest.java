package io.natsj.tests.raw;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * How the arguments of a control line are read: a bare CR among them, sizes as the publisher
 * wrote them. The unknown operations and malformed arguments that close a connection are in
 * {@link ProtocolErrorTest}.
 */
class ControlLineTest {

    private static final ServerCache SERVERS = new ServerCache("");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void bareCrSeparatesSubAndUnsubArguments(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            // foo in queue group bar with sid 1; baz with sid 2.
            c.send("SUB foo\rbar 1\r\nSUB baz\r2\r\nPUB foo 1\r\nx\r\nPUB baz 1\r\nx\r\n");
            c.expectFrame("MSG foo 1 1", "x");
            c.expectFrame("MSG baz 2 1", "x");
            // UNSUB 2 once it has had 2 messages.
            c.send("UNSUB 2\r2\r\nPUB baz 1\r\ny\r\nPUB baz 1\r\nz\r\n");
            c.expectFrame("MSG baz 2 1", "y");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void bareCrElsewhereIsIgnoredOrSpace(Target target) {
        try (RawClient c = RawClient.open(SERVERS.get(target))) {
            // JSON takes a CR as white space; PING ignores what follows its name.
            c.send("CONNECT {\"verbose\":\rtrue}\r\nPING\rX\r\n");
            c.expectLine("+OK");
            c.expectLine("PONG");
        }
    }

    @AllTargets
    void bareCrInPubArgumentsCloses(Target target) {
        // A CR among the arguments drops their last byte (meant for the CR before the LF), so
        // each of these ends up with a bad size or too few arguments.
        ServerUnderTest server = SERVERS.get(target);
        for (String bad : List.of("PUB foo\r5\r\nhello\r\n", "PUB foo 5\r\r\nhello\r\n",
                "PUB foo\rbar 5\nhello\r\n", "PUB foo bar\r5\r\nhello\r\n")) {
            try (RawClient watcher = RawClient.connect(server); RawClient c = RawClient.connect(server)) {
                watcher.send("SUB > 9\r\n").sync();
                c.send(bad);
                c.expectClosedAfter("");
                watcher.expectNothingPending();
            }
        }
    }

    @AllTargets
    void lineBreakInPublishSubjectNeverReachesSubscribers(Target target) {
        // nats-server 2.9.10 takes a bare CR into the subject (PUB splits on blanks only), and the
        // LF that directly follows the blanks after PUB into the arguments, and passes either on
        // inside a MSG line, where it breaks the subscriber's framing (jnats stops reading).
        // natsj deliberately closes the publisher instead.
        ServerUnderTest server = SERVERS.get(target);
        String[][] cases = {
            {"PUB foo\rbar 5\r\nhello\r\n", "MSG foo\rbar 9 5"},
            {"PUB \nfoo 5\r\nhello\r\n", "MSG \nfoo 9 5"},
            {"PUB foo r\rx 5\r\nhello\r\n", "MSG foo 9 r\rx 5"},
        };
        for (String[] c : cases) {
            try (RawClient watcher = RawClient.connect(server); RawClient pub = RawClient.connect(server)) {
                watcher.send("SUB > 9\r\n").sync();
                pub.send(c[0]);
                if (target == Target.NATS_SERVER) {
                    pub.expectNothingPending();
                    watcher.expectFrame(c[1], "hello");
                } else {
                    pub.expectClosedAfter("");
                    watcher.expectNothingPending();
                }
            }
        }
    }

    @AllTargets
    void sizesAreRepeatedAsThePublisherWroteThem(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient sub = RawClient.connect(server);
                RawClient old = RawClient.connect(server, "{\"verbose\":false}");
                RawClient pub = RawClient.connect(server)) {
            sub.send("SUB foo 1\r\n").sync();
            old.send("SUB foo 2\r\n").sync();
            pub.send("PUB foo 002\r\nhi\r\n");
            sub.expectFrame("MSG foo 1 002", "hi");
            old.expectFrame("MSG foo 2 002", "hi");
            pub.send("PUB foo r 000000001\r\nx\r\n");
            sub.expectFrame("MSG foo 1 r 000000001", "x");
            old.expectFrame("MSG foo 2 r 000000001", "x");
            pub.send("HPUB foo 012 017\r\nNATS/1.0\r\n\r\nhello\r\n");
            sub.expectFrame("HMSG foo 1 012 017", "NATS/1.0\r\n\r\nhello");
            // Without the headers the payload's size is a new number.
            old.expectFrame("MSG foo 2 5", "hello");
            // No header block: a plain message with the total size as written.
            pub.send("HPUB foo 00 002\r\nhi\r\n");
            sub.expectFrame("MSG foo 1 002", "hi");
            old.expectFrame("MSG foo 2 002", "hi");
        }
    }
}
