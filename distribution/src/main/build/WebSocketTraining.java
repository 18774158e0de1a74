import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The WebSocket part of {@link AotTraining}: a refused upgrade, then an accepted one with
 * per-message deflate, and the client protocol over masked, fragmented and compressed frames,
 * so that the websocket plugin's start path (handshake, frame codec, deflate both ways) is in
 * the AOT cache. Part of the same source-file program (found by the launcher next to it).
 */
final class WebSocketTraining {

    private WebSocketTraining() {
    }

    /**
     * @param port the websocket listener's port
     * @param tls the client's TLS context for {@code wss}, or null
     * @param auth from the INFO line, CONNECT's credential fields ("" for none)
     */
    static void run(int port, SSLContext tls, UnaryOperator<String> auth) throws IOException {
        try (Socket refused = open(port, tls)) {
            send(refused.getOutputStream(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = headers(new DataInputStream(refused.getInputStream()));
            if (!status.startsWith("HTTP/1.1 400")) {
                throw new AssertionError("expected a refused upgrade, got " + status);
            }
        }
        try (Socket socket = open(port, tls)) {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            send(out, ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate\r\nUser-Agent: Mozilla/5.0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = headers(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("upgrade refused: " + status);
            }
            String info = readText(in);
            String credentials = auth.apply(info);
            frame(out, 0x02, ("CONNECT {\"verbose\":false,\"protocol\":1,\"headers\":true"
                    + (credentials.isEmpty() ? "" : "," + credentials) + "}\r\nSUB ws.> 1\r\n").getBytes(StandardCharsets.US_ASCII));
            frame(out, 0x80, "PING\r\n".getBytes(StandardCharsets.US_ASCII));
            await(in, "PONG");
            String payload = "websocket".repeat(1000);
            byte[] ops = ("PUB ws.a " + payload.length() + "\r\n" + payload + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII);
            frame(out, 0xC2, deflate(ops));
            frame(out, 0x89, "ping".getBytes(StandardCharsets.US_ASCII));
            await(in, "PONG");
            frame(out, 0x88, new byte[] {0x03, (byte) 0xE8});
        }
    }

    private static Socket open(int port, SSLContext tls) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(60_000);
        if (tls == null) {
            return s;
        }
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", port, true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        return ssl;
    }

    private static void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the response head; returns its status line. */
    private static String headers(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    }

    /** A masked frame (the zero key: masking is still parsed and applied). */
    private static void frame(OutputStream out, int b0, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        if (payload.length <= 125) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        }
        f.write(new byte[] {1, 2, 3, 4});
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ (i % 4 + 1));
        }
        send(out, f.toByteArray());
    }

    /** Reads frames (inflating compressed ones) until the text holds the word. */
    private static void await(DataInputStream in, String word) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf(word) < 0) {
            text.append(readText(in));
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7F;
        long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        byte[] payload = in.readNBytes((int) n);
        if ((b0 & 0x40) == 0) {
            return new String(payload, StandardCharsets.US_ASCII);
        }
        var inflater = new java.util.zip.Inflater(true);
        try {
            byte[] tail = {0, 0, (byte) 0xff, (byte) 0xff};
            inflater.setInput(concat(payload, tail));
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int k; (k = inflater.inflate(buf)) > 0; ) {
                plain.write(buf, 0, k);
            }
            return plain.toString(StandardCharsets.US_ASCII);
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException(e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4);
    }
}
