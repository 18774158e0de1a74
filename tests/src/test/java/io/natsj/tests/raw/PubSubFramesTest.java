package io.natsj.tests.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** SUB, PUB, MSG and UNSUB: the exact frames, subject matching and delivery rules. */
class PubSubFramesTest {

    private static final ServerCache SERVERS = new ServerCache("");

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void msgFrameWithAndWithoutReply(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo 1\r\nPUB foo 5\r\nhello\r\nPUB foo bar 2\r\nhi\r\nPUB foo 0\r\n\r\n");
            c.expectFrame("MSG foo 1 5", "hello");
            c.expectFrame("MSG foo 1 bar 2", "hi");
            c.expectFrame("MSG foo 1 0", "");
        }
    }

    @AllTargets
    void payloadIsDeliveredByteForByte(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            // CR, LF and spaces inside a payload are data, not framing.
            c.send("SUB bin 7\r\nPUB bin 6\r\na\r\nb c\r\n");
            c.expectFrame("MSG bin 7 6", "a\r\nb c");
        }
    }

    @AllTargets
    void unsubWithMaxAutoUnsubscribesAfterN(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo 1\r\nUNSUB 1 2\r\n");
            c.send("PUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\n");
            c.expectFrame("MSG foo 1 1", "a");
            c.expectFrame("MSG foo 1 1", "b");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void unsubWithNonNumericMaxUnsubscribesAtOnce(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo 1\r\nUNSUB 1 x\r\nPUB foo 1\r\na\r\n");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void plainUnsubStopsDelivery(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo 1\r\nPUB foo 1\r\na\r\nUNSUB 1\r\nPUB foo 1\r\nb\r\n");
            c.expectFrame("MSG foo 1 1", "a");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void duplicateSidIsIgnored(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo 1\r\nSUB bar 1\r\nPUB bar 1\r\nx\r\nPUB foo 1\r\ny\r\n");
            c.expectFrame("MSG foo 1 1", "y");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void wildcardsMatchTokens(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB a.* 1\r\nSUB a.> 2\r\nSUB > 3\r\nSUB *.b.* 4\r\n").sync();
            // a.b matches 1, 2, 3; a.b.c matches 2, 3, 4; a matches only 3.
            c.send("PUB a.b 1\r\n1\r\nPUB a.b.c 1\r\n2\r\nPUB a 1\r\n3\r\n");
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 7; i++) {
                String line = c.readLine();
                got.add(line + "|" + new String(c.readBytes(3)).strip());
            }
            assertEquals(Set.of(
                    "MSG a.b 1 1|1", "MSG a.b 2 1|1", "MSG a.b 3 1|1",
                    "MSG a.b.c 2 1|2", "MSG a.b.c 3 1|2", "MSG a.b.c 4 1|2",
                    "MSG a 3 1|3"), got);
            c.expectNothingPending();
        }
    }

    @AllTargets
    void queueGroupDeliversEachMessageToOneMember(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient m1 = RawClient.connect(server);
                RawClient m2 = RawClient.connect(server);
                RawClient plain = RawClient.connect(server);
                RawClient pub = RawClient.connect(server)) {
            m1.send("SUB work workers 1\r\n").sync();
            m2.send("SUB work workers 1\r\n").sync();
            plain.send("SUB work 9\r\n").sync();
            int n = 20;
            for (int i = 0; i < n; i++) {
                pub.send("PUB work 2\r\n" + String.format("%02d", i) + "\r\n");
            }
            pub.sync();
            // Every message reaches the plain subscriber; the group shares them.
            for (int i = 0; i < n; i++) {
                plain.expectFrame("MSG work 9 2", String.format("%02d", i));
            }
            assertEquals(n, drainCount(m1) + drainCount(m2));
        }
    }

    @AllTargets
    void queueGroupNamesAreNotValidated(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB q a.>.b 1\r\nPUB q 1\r\nz\r\n");
            c.expectFrame("MSG q 1 1", "z");
        }
    }

    @AllTargets
    void echoFalseSuppressesOwnMessages(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient self = RawClient.connect(server, "{\"verbose\":false,\"echo\":false,\"protocol\":1}");
                RawClient other = RawClient.connect(server)) {
            self.send("SUB e 1\r\nPUB e 4\r\nmine\r\n").sync();
            other.send("PUB e 6\r\ntheirs\r\n").sync();
            self.expectFrame("MSG e 1 6", "theirs");
            self.expectNothingPending();
        }
    }

    @AllTargets
    void echoIsOnByDefault(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB e 1\r\nPUB e 4\r\nmine\r\n");
            c.expectFrame("MSG e 1 4", "mine");
        }
    }

    /** Counts the MSG frames already delivered, using a PING round trip as the end marker. */
    private static int drainCount(RawClient c) {
        c.send("PING\r\n");
        int count = 0;
        while (true) {
            String line = c.readLine();
            if (line.equals("PONG")) {
                return count;
            }
            assertEquals("MSG work 1 2", line);
            c.readBytes(4);
            count++;
        }
    }
}
