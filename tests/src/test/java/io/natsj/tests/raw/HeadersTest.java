package io.natsj.tests.raw;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerCache;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import org.junit.jupiter.api.AfterAll;

/** HPUB/HMSG framing, header stripping for old clients, and the no-responders status. */
class HeadersTest {

    private static final ServerCache SERVERS = new ServerCache("");

    private static final String NO_RESPONDERS = "{\"verbose\":false,\"headers\":true,\"no_responders\":true}";

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AllTargets
    void hmsgFramesWithAndWithoutReply(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB foo 1\r\n");
            c.send("HPUB foo 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n");
            c.send("HPUB foo r 12 12\r\nNATS/1.0\r\n\r\n\r\n");
            c.expectFrame("HMSG foo 1 18 20", "NATS/1.0\r\nA: b\r\n\r\nhi");
            c.expectFrame("HMSG foo 1 r 12 12", "NATS/1.0\r\n\r\n");
        }
    }

    @AllTargets
    void subscriberWithoutHeadersGetsPlainMsg(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient old = RawClient.connect(server, "{\"verbose\":false}");
                RawClient pub = RawClient.connect(server)) {
            old.send("SUB foo 1\r\n").sync();
            pub.send("HPUB foo 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n");
            pub.send("HPUB foo r 12 12\r\nNATS/1.0\r\n\r\n\r\n").sync();
            old.expectFrame("MSG foo 1 2", "hi");
            old.expectFrame("MSG foo 1 r 0", "");
        }
    }

    @AllTargets
    void emptyHeaderBlockIsDeliveredAsPlainMsg(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        try (RawClient sub = RawClient.connect(server);
                RawClient old = RawClient.connect(server, "{\"verbose\":false}");
                RawClient pub = RawClient.connect(server)) {
            sub.send("SUB foo 1\r\n").sync();
            old.send("SUB foo 2\r\n").sync();
            pub.send("HPUB foo 0 5\r\nhello\r\nHPUB foo r 0 0\r\n\r\n");
            sub.expectFrame("MSG foo 1 5", "hello");
            sub.expectFrame("MSG foo 1 r 0", "");
            old.expectFrame("MSG foo 2 5", "hello");
            old.expectFrame("MSG foo 2 r 0", "");
        }
    }

    @AllTargets
    void hpubWithoutHeadersInConnectCloses(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), "{\"verbose\":false}")) {
            c.send("HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
            c.expectClosedAfter("");
        }
    }

    @AllTargets
    void malformedHpubClosesWithoutError(Target target) {
        ServerUnderTest server = SERVERS.get(target);
        for (String bad : new String[] {"HPUB foo 20 14\r\n", "HPUB foo -1 14\r\n", "HPUB foo 12\r\n"}) {
            try (RawClient c = RawClient.connect(server)) {
                c.send(bad);
                c.expectClosedAfter("");
            }
        }
    }

    @AllTargets
    void requestWithoutRespondersGets503(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), NO_RESPONDERS)) {
            c.send("SUB _INBOX.x 7\r\nPUB nobody _INBOX.x 0\r\n\r\n");
            c.expectFrame("HMSG _INBOX.x 7 16 16", "NATS/1.0 503\r\n\r\n");
            // The status replaces the request: its headers and payload are not echoed back.
            c.send("HPUB nobody _INBOX.x 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n");
            c.expectFrame("HMSG _INBOX.x 7 16 16", "NATS/1.0 503\r\n\r\n");
        }
    }

    @AllTargets
    void noStatusWhenSomeoneListens(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), NO_RESPONDERS)) {
            c.send("SUB in 7\r\nSUB q qq 8\r\nPUB q in 1\r\nx\r\n");
            c.expectFrame("MSG q 8 in 1", "x");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void noStatusWithoutNoRespondersOption(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target))) {
            c.send("SUB in 7\r\nPUB nobody in 1\r\nx\r\n");
            c.expectNothingPending();
        }
    }

    @AllTargets
    void noStatusForPublishWithoutReply(Target target) {
        try (RawClient c = RawClient.connect(SERVERS.get(target), NO_RESPONDERS)) {
            c.send("SUB in 7\r\nPUB nobody 1\r\nx\r\n");
            c.expectNothingPending();
        }
    }
}
