package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.client.ClientHarness.TestClient;
import io.natsj.kernel.client.ClientHarness.TestServices;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations of the client protocol, one connection on an EmbeddedChannel; every expected
 * byte string was checked against nats-server 2.9.10.
 */
class ClientProtocolDecoderTest {

    private static final String QUIET = "CONNECT {\"verbose\":false}\r\n";
    private static final String QUIET_HEADERS = "CONNECT {\"verbose\":false,\"headers\":true}\r\n";

    private TestServices services;
    private TestClient client;

    @BeforeEach
    void connect() {
        services = new TestServices();
        client = new TestClient(services);
    }

    @Test
    void sendsInfoOnConnect() {
        assertEquals("INFO {} \r\n", client.read());
        assertEquals(1, services.registered.size());
        assertTrue(client.isOpen());
    }

    @Test
    void verboseIsOnBeforeConnect() {
        client.read();
        assertEquals("+OK\r\n+OK\r\nMSG foo 1 5\r\nhello\r\n", client.exchange("SUB foo 1\r\nPUB foo 5\r\nhello\r\n"));
    }

    @Test
    void emptyConnectKeepsVerbose() {
        client.read();
        assertEquals("+OK\r\n", client.exchange("CONNECT {}\r\n"));
        assertEquals("+OK\r\n", client.exchange("SUB foo 1\r\n"));
    }

    @Test
    void verboseOffSilencesOk() {
        client.read();
        assertEquals("PONG\r\n", client.exchange(QUIET + "SUB foo 1\r\nUNSUB 1\r\nPING\r\n"));
    }

    @Test
    void pingGetsPongEvenWithArguments() {
        client.read();
        assertEquals("PONG\r\n", client.exchange(QUIET + "PING\r\n"));
        assertEquals("PONG\r\n", client.exchange("PING x\r\n"));
    }

    @Test
    void clientInfoOkAndPongAreIgnored() {
        client.read();
        assertEquals("PONG\r\n", client.exchange(QUIET + "INFO {}\r\n+OK\r\nPONG\r\nPING\r\n"));
        assertTrue(client.isOpen());
    }

    @Test
    void pubToSubscriberWithoutReply() {
        client.read();
        assertEquals("MSG foo 1 5\r\nhello\r\n", client.exchange(QUIET + "SUB foo 1\r\nPUB foo 5\r\nhello\r\n"));
    }

    @Test
    void pubToSubscriberWithReply() {
        client.read();
        assertEquals("MSG foo 1 bar 2\r\nhi\r\n", client.exchange(QUIET + "SUB foo 1\r\nPUB foo bar 2\r\nhi\r\n"));
    }

    @Test
    void emptyPayload() {
        client.read();
        assertEquals("MSG foo 7 0\r\n\r\n", client.exchange(QUIET + "SUB foo 7\r\nPUB foo 0\r\n\r\n"));
    }

    @Test
    void hpubBecomesHmsg() {
        client.read();
        assertEquals("HMSG foo 1 r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                client.exchange(QUIET_HEADERS + "SUB foo 1\r\nHPUB foo r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n"));
        assertEquals("HMSG foo 1 12 12\r\nNATS/1.0\r\n\r\n\r\n",
                client.exchange("HPUB foo 12 12\r\nNATS/1.0\r\n\r\n\r\n"));
    }

    @Test
    void wildcardSubscriptionsReceive() {
        client.read();
        String out = client.exchange(QUIET + "SUB foo.* 1\r\nSUB foo.> 2\r\nSUB > 3\r\nPUB foo.bar 1\r\nx\r\n");
        assertEquals("MSG foo.bar 1 1\r\nx\r\nMSG foo.bar 2 1\r\nx\r\nMSG foo.bar 3 1\r\nx\r\n", sortFrames(out));
    }

    @Test
    void unsubWithMaxDeliversThatMany() {
        client.read();
        assertEquals("MSG foo 1 1\r\na\r\nMSG foo 1 1\r\nb\r\nPONG\r\n", client.exchange(QUIET
                + "SUB foo 1\r\nUNSUB 1 2\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\nPING\r\n"));
        assertEquals(0, services.account.index().count());
        assertTrue(client.connection().subscriptions().isEmpty());
    }

    @Test
    void unsubWithMaxAlreadyReachedRemovesAtOnce() {
        client.read();
        client.exchange(QUIET + "SUB foo 1\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\n");
        assertEquals("PONG\r\n", client.exchange("UNSUB 1 2\r\nPUB foo 1\r\nc\r\nPING\r\n"));
        assertEquals(0, services.account.index().count());
    }

    @Test
    void unsubWithNonNumericMaxRemovesAtOnce() {
        client.read();
        assertEquals("PONG\r\n", client.exchange(QUIET + "SUB foo 1\r\nUNSUB 1 x\r\nPUB foo 1\r\na\r\nPING\r\n"));
    }

    @Test
    void unsubOfUnknownSidIsAcknowledged() {
        client.read();
        assertEquals("+OK\r\n", client.exchange("UNSUB 99\r\n"));
        assertTrue(client.isOpen());
    }

    @Test
    void secondSubWithSameSidIsIgnored() {
        client.read();
        assertEquals("MSG foo 1 1\r\na\r\nPONG\r\n",
                client.exchange(QUIET + "SUB foo 1\r\nSUB bar 1\r\nPUB foo 1\r\na\r\nPUB bar 1\r\nb\r\nPING\r\n"));
        assertEquals(1, services.account.index().count());
    }

    @Test
    void queueGroupGetsEachMessageOnce() {
        client.read();
        StringBuilder in = new StringBuilder(QUIET + "SUB foo q 1\r\nSUB foo q 2\r\nSUB foo other 3\r\n");
        int n = 200;
        for (int i = 0; i < n; i++) {
            in.append("PUB foo 1\r\nx\r\n");
        }
        String out = client.exchange(in.toString());
        int[] perSid = new int[4];
        Matcher m = Pattern.compile("MSG foo (\\d) 1\r\nx\r\n").matcher(out);
        int total = 0;
        while (m.find()) {
            perSid[Integer.parseInt(m.group(1))]++;
            total++;
        }
        assertEquals(2 * n, total);
        assertEquals(n, perSid[1] + perSid[2], "one member of q per message");
        assertEquals(n, perSid[3], "the only member of 'other' gets them all");
        assertTrue(perSid[1] > 0 && perSid[2] > 0, "both members of q are used");
    }

    @Test
    void echoOffSkipsOwnSubscriptions() {
        client.read();
        assertEquals("PONG\r\n", client.exchange("CONNECT {\"verbose\":false,\"echo\":false}\r\n"
                + "SUB foo 1\r\nSUB foo q 2\r\nPUB foo 1\r\na\r\nPING\r\n"));
    }

    @Test
    void noRespondersGets503() {
        client.read();
        assertEquals("HMSG _INBOX.x 7 16 16\r\nNATS/1.0 503\r\n\r\n\r\nPONG\r\n", client.exchange(
                "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\n"
                + "SUB _INBOX.x 7\r\nPUB nobody _INBOX.x 0\r\n\r\nPING\r\n"));
    }

    @Test
    void noRespondersWithWildcardReplySubscription() {
        client.read();
        assertEquals("HMSG _INBOX.abc.1 9 16 16\r\nNATS/1.0 503\r\n\r\n\r\n", client.exchange(
                "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\n"
                + "SUB _INBOX.abc.* 9\r\nPUB nobody _INBOX.abc.1 2\r\nhi\r\n"));
    }

    @Test
    void noRespondersOffByDefault() {
        client.read();
        assertEquals("PONG\r\n", client.exchange(QUIET_HEADERS + "SUB _INBOX.x 7\r\nPUB nobody _INBOX.x 0\r\n\r\nPING\r\n"));
    }

    @Test
    void noRespondersRequiresHeaders() {
        client.read();
        assertEquals("-ERR 'no responders requires headers support'\r\n",
                client.exchange("CONNECT {\"verbose\":false,\"no_responders\":true}\r\n"));
        assertTrue(!client.isOpen());
    }

    @Test
    void operationsAreCaseInsensitive() {
        client.read();
        assertEquals("MSG foo 1 1\r\na\r\nPONG\r\n",
                client.exchange("connect {\"verbose\":false}\r\nsub foo 1\r\npub foo 1\r\na\r\nPing\r\n"));
        assertEquals("PONG\r\n", client.exchange("UnSub 1\r\npUb foo 1\r\na\r\npInG\r\n"));
    }

    @Test
    void bareLineFeedEndsControlLines() {
        client.read();
        assertEquals("MSG foo 1 1\r\na\r\nPONG\r\n",
                client.exchange("CONNECT {\"verbose\":false}\nsub foo 1\npub foo 1\na\r\nPING\n"));
    }

    @Test
    void tabsSeparateArguments() {
        client.read();
        assertEquals("MSG foo 1 r 1\r\na\r\n", client.exchange(QUIET + "SUB\tfoo \t1\r\nPUB  foo\tr  1 \r\na\r\n"));
    }

    @Test
    void invalidSubscribeSubjectKeepsConnectionOpen() {
        client.read();
        assertEquals("-ERR 'Invalid Subject'\r\nPONG\r\n", client.exchange("SUB foo..bar 1\r\nPING\r\n"));
        assertTrue(client.isOpen());
        assertEquals(0, services.account.index().count());
    }

    @Test
    void maxSubscriptionsKeepsConnectionOpen() {
        TestServices limited = new TestServices(new ClientLimits(1 << 20, 4096, 64L << 20, 1,
                Duration.ofMinutes(2), 2, Duration.ofSeconds(10)));
        TestClient c = new TestClient(limited);
        c.read();
        assertEquals("-ERR 'maximum subscriptions exceeded'\r\nPONG\r\n",
                c.exchange(QUIET + "SUB foo 1\r\nSUB bar 2\r\nPING\r\n"));
        assertTrue(c.isOpen());
        assertEquals(1, limited.account.index().count());
    }

    @Test
    void withoutPedanticWildcardPublishIsDelivered() {
        client.read();
        assertEquals("MSG foo.* 1 1\r\na\r\nPONG\r\n", client.exchange(
                "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB foo.* 1\r\nPUB foo.* 1\r\na\r\nPING\r\n"));
    }

    @Test
    void publishToEmptyTokenReachesNobody() {
        client.read();
        assertEquals("PONG\r\n", client.exchange(
                "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB > 1\r\nSUB foo.*.bar 2\r\nPUB foo..bar 1\r\na\r\nPING\r\n"));
        assertTrue(client.isOpen());
    }

    @Test
    void pedanticInvalidPublishIsReportedButStillDelivered() {
        client.read();
        assertEquals("-ERR 'Invalid Publish Subject'\r\n+OK\r\n", client.exchange("PUB foo.* 0\r\n\r\n"));
        assertEquals("-ERR 'Invalid Publish Subject'\r\nMSG foo.* 1 1\r\na\r\nPONG\r\n",
                client.exchange(QUIET + "SUB foo.* 1\r\nPUB foo.* 1\r\na\r\nPING\r\n"));
    }

    @Test
    void pedanticInvalidPublishSendsError() {
        client.read();
        String out = client.exchange(QUIET + "PUB foo.> 0\r\n\r\nPING\r\n");
        assertTrue(out.startsWith("-ERR 'Invalid Publish Subject'\r\n"), out);
        assertTrue(out.endsWith("PONG\r\n"), out);
        assertTrue(client.isOpen());
    }

    @Test
    void countsInboundMessages() {
        client.read();
        client.exchange(QUIET + "SUB foo 1\r\nPUB foo 5\r\nhello\r\nPUB bar 3\r\nabc\r\n");
        assertEquals(2, client.connection().stats().inMsgs());
        assertEquals(8, client.connection().stats().inBytes());
        assertEquals(1, client.connection().stats().outMsgs());
        assertEquals(5, client.connection().stats().outBytes());
    }

    @Test
    void closingRemovesSubscriptionsAndUnregisters() {
        client.read();
        client.exchange(QUIET + "SUB foo 1\r\nSUB bar q 2\r\n");
        assertEquals(2, services.account.index().count());
        client.close();
        assertEquals(0, services.account.index().count());
        assertTrue(services.account.index().all().isEmpty());
        assertTrue(services.registered.isEmpty());
    }

    /** Sorts MSG frames of one-line payloads, for outputs whose frame order is not specified. */
    static String sortFrames(String out) {
        String[] lines = out.split("\r\n");
        java.util.List<String> frames = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            frames.add(lines[i] + "\r\n" + lines[i + 1] + "\r\n");
        }
        java.util.Collections.sort(frames);
        return String.join("", frames);
    }
}
