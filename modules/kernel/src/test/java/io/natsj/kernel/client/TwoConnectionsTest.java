package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.client.ClientHarness.TestClient;
import io.natsj.kernel.client.ClientHarness.TestServices;
import io.natsj.kernel.subject.Subscription;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two connections of one account, each on its own EmbeddedChannel. */
class TwoConnectionsTest {

    private static final String QUIET = "CONNECT {\"verbose\":false}\r\n";
    private static final String QUIET_HEADERS = "CONNECT {\"verbose\":false,\"headers\":true}\r\n";

    private TestServices services;
    private TestClient pub;
    private TestClient sub;

    @BeforeEach
    void connect() {
        services = new TestServices();
        pub = new TestClient(services);
        sub = new TestClient(services);
        pub.read();
        sub.read();
        assertEquals(2, services.registered.size());
    }

    @Test
    void messageCrossesConnections() {
        sub.exchange(QUIET + "SUB foo.* 9\r\n");
        assertEquals("PONG\r\n", pub.exchange(QUIET + "PUB foo.bar r 3\r\nabc\r\nPING\r\n"));
        assertEquals("MSG foo.bar 9 r 3\r\nabc\r\n", sub.read());
        assertEquals(1, sub.connection().stats().outMsgs());
        assertEquals(0, pub.connection().stats().outMsgs());
    }

    @Test
    void manyMessagesInOneReadAreFlushedTogether() {
        sub.exchange(QUIET + "SUB foo 1\r\n");
        pub.send(QUIET + "PUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\n");
        int writes = 0;
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = sub.channel.readOutbound()) != null) {
            io.netty.buffer.ByteBuf buf = (io.netty.buffer.ByteBuf) o;
            out.append(buf.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            buf.release();
            writes++;
        }
        assertEquals("MSG foo 1 1\r\na\r\nMSG foo 1 1\r\nb\r\nMSG foo 1 1\r\nc\r\n", out.toString());
        assertEquals(1, writes, "one flush per read batch");
    }

    @Test
    void hpubToSubscriberWithoutHeadersArrivesAsMsg() {
        sub.exchange(QUIET + "SUB foo 1\r\n");
        TestClient withHeaders = new TestClient(services);
        withHeaders.read();
        withHeaders.exchange(QUIET_HEADERS + "SUB foo 2\r\n");
        pub.exchange(QUIET_HEADERS + "HPUB foo r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
        assertEquals("MSG foo 1 r 2\r\nhi\r\n", sub.read());
        assertEquals("HMSG foo 2 r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", withHeaders.read());
    }

    @Test
    void queueGroupAcrossConnections() {
        sub.exchange(QUIET + "SUB work q 1\r\n");
        pub.exchange(QUIET + "SUB work q 2\r\n");
        StringBuilder in = new StringBuilder();
        int n = 100;
        for (int i = 0; i < n; i++) {
            in.append("PUB work 1\r\nx\r\n");
        }
        String toPub = pub.exchange(in.toString());
        String toSub = sub.read();
        assertEquals(n, count(toPub, "MSG work 2 1\r\nx\r\n") + count(toSub, "MSG work 1 1\r\nx\r\n"));
        assertTrue(count(toPub, "MSG") > 0 && count(toSub, "MSG") > 0);
    }

    @Test
    void queueGroupWithEchoOffUsesTheOtherMember() {
        sub.exchange(QUIET + "SUB work q 1\r\n");
        pub.exchange("CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB work q 2\r\n");
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            in.append("PUB work 1\r\nx\r\n");
        }
        assertEquals("", pub.exchange(in.toString()));
        assertEquals(50, count(sub.read(), "MSG work 1 1\r\nx\r\n"));
    }

    @Test
    void closingOneConnectionRemovesItsSubscriptions() {
        sub.exchange(QUIET + "SUB foo 1\r\nSUB foo.> 2\r\nSUB foo q 3\r\n");
        pub.exchange(QUIET + "SUB foo 1\r\n");
        assertEquals(4, services.account.index().count());
        sub.close();
        assertFalse(sub.isOpen());
        assertEquals(1, services.account.index().count());
        for (Subscription s : services.account.index().all()) {
            assertTrue(s.owner() == pub.connection(), "only the open connection's subscriptions remain");
        }
        assertEquals(1, services.registered.size());
        assertEquals("MSG foo 1 1\r\na\r\nPONG\r\n", pub.exchange("PUB foo 1\r\na\r\nPING\r\n"));
        assertEquals("", sub.read());
    }

    @Test
    void closedByProtocolErrorRemovesSubscriptions() {
        sub.exchange(QUIET + "SUB foo 1\r\nSUB bar 2\r\n");
        assertEquals("-ERR 'Unknown Protocol Operation'\r\n", sub.exchange("BOGUS\r\n"));
        assertEquals(0, services.account.index().count());
        assertEquals("PONG\r\n", pub.exchange(QUIET + "PUB foo 1\r\na\r\nPING\r\n"));
    }

    @Test
    void autoUnsubscribeByAnotherConnectionsMessages() {
        sub.exchange(QUIET + "SUB foo 1\r\nUNSUB 1 2\r\n");
        pub.exchange(QUIET + "PUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\n");
        assertEquals("MSG foo 1 1\r\na\r\nMSG foo 1 1\r\nb\r\n", sub.read());
        assertEquals(0, services.account.index().count());
        assertTrue(sub.connection().subscriptions().isEmpty());
    }

    @Test
    void noRespondersOnlyWhenNobodyListens() {
        String connect = "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\n";
        pub.exchange(connect + "SUB _INBOX.1 5\r\n");
        sub.exchange(QUIET + "SUB service 1\r\n");
        assertEquals("", pub.exchange("PUB service _INBOX.1 1\r\nq\r\n"));
        assertEquals("MSG service 1 _INBOX.1 1\r\nq\r\n", sub.read());
        sub.exchange("UNSUB 1\r\n");
        assertEquals("HMSG _INBOX.1 5 16 16\r\nNATS/1.0 503\r\n\r\n\r\n", pub.exchange("PUB service _INBOX.1 1\r\nq\r\n"));
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
