package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.client.ClientHarness.TestClient;
import io.natsj.kernel.client.ClientHarness.TestServices;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protocol errors: which close with {@code -ERR}, which close silently, which leave the
 * connection open. Expected bytes as nats-server 2.9.10 sends them.
 */
class ClientProtocolErrorsTest {

    private static final String QUIET = "CONNECT {\"verbose\":false}\r\n";
    private static final String UNKNOWN = "-ERR 'Unknown Protocol Operation'\r\n";

    private TestServices services;
    private TestClient client;

    @BeforeEach
    void connect() {
        services = new TestServices();
        client = new TestClient(services);
        client.read();
    }

    private void assertClosedWith(String expected, String input) {
        assertEquals(expected, client.exchange(input));
        assertFalse(client.isOpen(), "connection should be closed");
        assertTrue(services.registered.isEmpty(), "closed connection is unregistered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO\r\n", "\r\n", "\n", "   \r\n", "MSG foo 1 1\r\na\r\n", "UNSUB\r\n",
            "PUBX foo 1\r\n", "SUBX foo 1\r\n", "msg foo 1 1\r\na\r\n"})
    void unknownProtocolOperationCloses(String input) {
        assertClosedWith(UNKNOWN, QUIET + input);
    }

    @Test
    void payloadLongerThanDeclaredCloses() {
        assertClosedWith(UNKNOWN, QUIET + "SUB foo 1\r\nPUB foo 1\r\nab\r\nPING\r\n");
    }

    @Test
    void payloadWithoutCrLfCloses() {
        assertClosedWith(UNKNOWN, QUIET + "PUB foo 2\r\nabXY");
    }

    @Test
    void nothingAfterAFatalErrorIsProcessed() {
        assertClosedWith(UNKNOWN, QUIET + "SUB foo 1\r\nFOO\r\nPUB foo 1\r\na\r\nPING\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-ERR 'x'\r\n", "-Err x\r\n", "PUB foo -1\r\n", "PUB foo abc\r\n", "PUB foo a b 1\r\n",
            "PUB foo\r\n", "SUB foo\r\n", "SUB foo a b 1\r\n",
            "PUB foo 99999999999999999999\r\n"})
    void closesWithoutError(String input) {
        assertClosedWith("", QUIET + input + "PING\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HPUB foo 2 2\r\nhi\r\n", "HPUB foo 3 2\r\nhi\r\n", "HPUB foo 2\r\nhi\r\n",
            "HPUB foo -1 2\r\nhi\r\n", "HPUB foo r x 2\r\nhi\r\n"})
    void badHpubClosesWithoutError(String input) {
        String connect = input.startsWith("HPUB foo 2 2") ? QUIET : "CONNECT {\"verbose\":false,\"headers\":true}\r\n";
        assertClosedWith("", connect + input + "PING\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT\r\n", "CONNECT {\"verbose\":false} x\r\n", "CONNECT {\"verbose\":\"no\"}\r\n",
            "CONNECT {\r\n", "CONNECT []\r\n", "CONNECT {\"protocol\":\"1\"}\r\n"})
    void badConnectClosesWithoutError(String input) {
        assertClosedWith("", input + "PING\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUB\r\n", "SUB\r\n", "-ERR\r\n", "HPUB\r\n"})
    void operationWithoutArgumentsIsUnknown(String input) {
        assertClosedWith(UNKNOWN, "CONNECT {\"verbose\":false,\"headers\":true}\r\n" + input + "PING\r\n");
    }

    @Test
    void unsubWithTooManyArgumentsClosesWithoutError() {
        assertClosedWith("", QUIET + "UNSUB 1 2 3\r\nPING\r\n");
    }

    @Test
    void pingWithTrailingLettersIsStillPing() {
        assertEquals("PONG\r\n", client.exchange(QUIET + "PINGX\r\nPONGX\r\n"));
        assertTrue(client.isOpen());
    }

    @Test
    void unknownProtocolVersionCloses() {
        assertClosedWith("-ERR 'invalid client protocol'\r\n", "CONNECT {\"protocol\":2}\r\n");
    }

    @Test
    void maxPayloadViolationCloses() {
        assertClosedWith("-ERR 'Maximum Payload Violation'\r\n", QUIET + "PUB foo 1048577\r\n");
    }

    @Test
    void maxPayloadViolationOnHpubCloses() {
        assertClosedWith("-ERR 'Maximum Payload Violation'\r\n",
                "CONNECT {\"verbose\":false,\"headers\":true}\r\nHPUB foo 12 1048577\r\n");
    }

    @Test
    void payloadOfExactlyMaxPayloadIsAccepted() {
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) 'z');
        client.exchange(QUIET + "SUB foo 1\r\n");
        String head = "PUB foo " + body.length + "\r\n";
        byte[] in = concat(head.getBytes(StandardCharsets.US_ASCII), body, "\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        client.send(in);
        String out = client.read();
        assertTrue(out.startsWith("MSG foo 1 1048576\r\nzzz"), out.substring(0, 30));
        assertTrue(out.endsWith("zzz\r\nPONG\r\n"));
        assertEquals("MSG foo 1 1048576\r\n".length() + body.length + 2 + 6, out.length());
        assertTrue(client.isOpen());
    }

    @Test
    void controlLineOverMaximumCloses() {
        assertClosedWith("-ERR 'maximum control line exceeded'\r\n", QUIET + "SUB " + "a".repeat(5000) + " 1\r\n");
    }

    @Test
    void unterminatedControlLineOverMaximumCloses() {
        assertClosedWith("-ERR 'maximum control line exceeded'\r\n", QUIET + "SUB " + "a".repeat(5000));
    }

    @Test
    void unterminatedControlLineArrivingInPiecesCloses() {
        client.exchange(QUIET);
        // (A line of a's alone would be an unknown operation from its first byte.)
        client.send("SUB ");
        for (int i = 0; i < 10 && client.isOpen(); i++) {
            client.send("a".repeat(1000));
        }
        assertEquals("-ERR 'maximum control line exceeded'\r\n", client.read());
        assertFalse(client.isOpen());
    }

    @Test
    void unknownOperationIsAnErrorBeforeItsLineEnds() {
        assertClosedWith("-ERR 'Unknown Protocol Operation'\r\n", QUIET + "PUX");
    }

    @Test
    void controlLineOfModestLengthIsAccepted() {
        String subject = "a".repeat(4000);
        assertEquals("MSG " + subject + " 1 0\r\n\r\nPONG\r\n",
                client.exchange(QUIET + "SUB " + subject + " 1\r\nPUB " + subject + " 0\r\n\r\nPING\r\n"));
    }

    @Test
    void maxControlLineCountsArgumentsOnly() {
        String subject = "a".repeat(4096 - 2); // "aaa… 1" is exactly 4096 bytes of arguments
        assertEquals("MSG " + subject + " 1 0\r\n\r\nPONG\r\n",
                client.exchange(QUIET + "SUB " + subject + " 1\r\nPUB " + subject + " 0\r\n\r\nPING\r\n"));
        assertTrue(client.isOpen());
    }

    @Test
    void controlLineOfMaximumLengthSplitBeforeLineFeed() {
        String line = "SUB " + "a".repeat(4096 - 6) + " 1"; // 4096 bytes: accepted when whole
        assertEquals(4096, line.length());
        client.exchange(QUIET);
        client.send(line + "\r");
        client.send("\nPING\r\n");
        assertEquals("PONG\r\n", client.read());
        assertTrue(client.isOpen());
    }

    @Test
    void controlLineOfMaximumLengthWhole() {
        String line = "SUB " + "a".repeat(4096 - 6) + " 1";
        assertEquals("PONG\r\n", client.exchange(QUIET + line + "\r\nPING\r\n"));
        assertTrue(client.isOpen());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
