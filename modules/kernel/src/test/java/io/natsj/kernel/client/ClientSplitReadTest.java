package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.client.ClientHarness.TestClient;
import io.natsj.kernel.client.ClientHarness.TestServices;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder must give the same output however the input is cut into reads: whole, byte by
 * byte, or in random chunks (some of them in buffers with spare room, so that the decoder's
 * in-place cumulation is used too).
 */
class ClientSplitReadTest {

    private static byte[] input;
    private static String expected;

    @BeforeAll
    static void buildInput() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        write(in, "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n");
        write(in, "SUB foo 1\r\nSUB bar.* 2\r\nsub big.> 3\r\n");
        write(in, "PUB foo 5\r\nhello\r\n");
        write(in, "PUB foo reply.to 0\r\n\r\n");
        write(in, "PING\r\n");
        write(in, "HPUB bar.x r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
        write(in, "HPUB bar.y 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
        byte[] big = new byte[100 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ((i % 10 == 9) ? '\n' : ('a' + i % 26)); // line feeds inside the body too
        }
        write(in, "PUB big.payload " + big.length + "\r\n");
        in.writeBytes(big);
        write(in, "\r\n");
        write(in, "UNSUB 1 3\n"); // bare line feed; two delivered already
        write(in, "PUB foo 3\r\none\r\nPUB foo 3\r\ntwo\r\n");
        write(in, "pub bar.z  1 \r\n\r\r\n"); // body is a lone CR
        write(in, "PUB \t foo\t  7\r\nignored\r\n");
        write(in, "SUB q.* grp 4\r\nPUB q.1 reply 2\r\nq1\r\n");
        write(in, "HPUB big.h 22 2048\r\nNATS/1.0\r\nA: " + "b".repeat(5) + "\r\n\r\n");
        in.writeBytes(new byte[2048 - 22]);
        write(in, "\r\nPING\r\nPONG\r\n+OK\r\n");
        input = in.toByteArray();

        TestClient whole = new TestClient(new TestServices());
        whole.send(input);
        expected = whole.read();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void wholeInputGivesTheExpectedFrames() {
        assertTrue(expected.startsWith("INFO {} \r\nMSG foo 1 5\r\nhello\r\nMSG foo 1 reply.to 0\r\n\r\nPONG\r\n"
                + "HMSG bar.x 2 r 12 14\r\nNATS/1.0\r\n\r\nhi\r\nHMSG bar.y 2 16 16\r\nNATS/1.0 503\r\n\r\n\r\n"
                + "MSG big.payload 3 102400\r\nabcdefghi\nklm"), expected.substring(0, 200));
        String tail = expected.substring(expected.indexOf("\r\nMSG foo 1 3\r\none"));
        assertTrue(tail.startsWith("\r\nMSG foo 1 3\r\none\r\nMSG bar.z 2 1\r\n\r\r\nMSG q.1 4 reply 2\r\nq1\r\n"
                + "HMSG big.h 3 22 2048\r\nNATS/1.0\r\nA: bbbbb\r\n\r\n\u0000"), tail);
        assertTrue(expected.endsWith("\u0000\r\nPONG\r\n"));
        assertEquals(-1, expected.indexOf("two"), "UNSUB 1 3 let only one more message through");
        assertEquals(-1, expected.indexOf("ignored"), "sid 1 is gone");
    }

    @Test
    void byteByByte() {
        TestClient client = new TestClient(new TestServices());
        for (int i = 0; i < input.length; i++) {
            client.send(input, i, 1, 0);
        }
        assertSameOutput(client.read());
    }

    @Test
    void byteByByteWithSpareRoomInEachBuffer() {
        TestClient client = new TestClient(new TestServices());
        for (int i = 0; i < input.length; i++) {
            client.send(input, i, 1, 64);
        }
        assertSameOutput(client.read());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 98765})
    void randomChunks(long seed) {
        Random random = new Random(seed);
        TestClient client = new TestClient(new TestServices());
        int at = 0;
        while (at < input.length) {
            int max = random.nextInt(4) == 0 ? 20_000 : 40;
            int n = Math.min(input.length - at, 1 + random.nextInt(max));
            client.send(input, at, n, random.nextBoolean() ? 0 : random.nextInt(200_000));
            at += n;
        }
        assertSameOutput(client.read());
    }

    @Test
    void cutAtEveryPositionIntoTwoReads() {
        // Every two-read split of the small ops (the big bodies are skipped to keep this fast).
        byte[] small = ("CONNECT {\"verbose\":false,\"headers\":true}\r\nSUB a 1\r\nPUB a r 3\r\nxyz\r\n"
                + "HPUB a 12 14\r\nNATS/1.0\r\n\r\nhi\r\nUNSUB 1\nPING\r\n").getBytes(StandardCharsets.ISO_8859_1);
        TestClient reference = new TestClient(new TestServices());
        reference.send(small);
        String want = reference.read();
        assertTrue(want.endsWith("MSG a 1 r 3\r\nxyz\r\nHMSG a 1 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPONG\r\n"), want);
        for (int cut = 1; cut < small.length; cut++) {
            TestClient client = new TestClient(new TestServices());
            client.send(small, 0, cut, 0);
            client.send(small, cut, small.length - cut, 0);
            assertEquals(want, client.read(), "cut at " + cut);
        }
    }

    private static void assertSameOutput(String actual) {
        assertEquals(expected.length(), actual.length(), "output length");
        if (!expected.equals(actual)) {
            int i = 0;
            while (expected.charAt(i) == actual.charAt(i)) {
                i++;
            }
            int from = Math.max(0, i - 40);
            assertEquals(expected.substring(from, Math.min(expected.length(), i + 40)),
                    actual.substring(from, Math.min(actual.length(), i + 40)), "first difference at " + i);
        }
    }
}
