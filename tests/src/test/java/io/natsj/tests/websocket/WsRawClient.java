package io.natsj.tests.websocket;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A byte-level WebSocket client over a plain socket: sends an HTTP request, reads the response,
 * then writes frames (masked unless told otherwise) and reads the server's frames one by one.
 */
public final class WsRawClient implements AutoCloseable {

    /** One frame from the server. */
    public record Frame(int b0, byte[] payload) {
        public int opcode() {
            return b0 & 0x0F;
        }

        boolean fin() {
            return (b0 & 0x80) != 0;
        }

        boolean compressed() {
            return (b0 & 0x40) != 0;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** An HTTP response: status line, headers (lower-case names), body. */
    public record Response(String statusLine, Map<String, String> headers, String body) {
    }

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public WsRawClient(int port) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(3000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the usual upgrade request for this port, with extra header lines appended */
    public static String upgradeRequest(int port, String... extraHeaders) {
        StringBuilder b = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n");
        for (String h : extraHeaders) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** Sends the request and reads the response (the body by Content-Length, or to the close). */
    public Response request(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (!status.contains(" 101 ")) {
            try {
                for (int c = in.read(); c >= 0; c = in.read()) {
                    body.write(c);
                }
            } catch (SocketTimeoutException stillOpen) {
                // the body ends where the server stopped writing
            }
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Writes one frame, masked with a random key unless {@code mask} is false. */
    void frame(int b0, byte[] payload, boolean mask) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        int maskBit = mask ? 0x80 : 0;
        int n = payload.length;
        if (n <= 125) {
            f.write(maskBit | n);
        } else if (n < 65536) {
            f.write(maskBit | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) n >>> (8 * i)));
            }
        }
        byte[] key = new byte[4];
        if (mask) {
            RANDOM.nextBytes(key);
            f.write(key);
        }
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ key[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** Writes a whole final binary frame, masked. */
    public void send(String text) throws IOException {
        frame(0x82, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes raw bytes as they are. */
    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame. */
    public Frame read() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long n = b1 & 0x7F;
        if (n == 126) {
            n = (readByte() << 8) | readByte();
        } else if (n == 127) {
            n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | readByte();
            }
        }
        if ((b1 & 0x80) != 0) {
            throw new IOException("server frame is masked");
        }
        return new Frame(b0, in.readNBytes((int) n));
    }

    /**
     * Reads the server's data frames until it closes: a close frame followed by the end of the
     * stream, or the end of the stream alone. A connection still open after the socket timeout fails.
     *
     * @return the text of the data frames that arrived before the close
     */
    public String readUntilClosed() throws IOException {
        StringBuilder got = new StringBuilder();
        try {
            for (Frame f = read(); f.opcode() != 8; f = read()) {
                got.append(f.text());
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new IOException("connection still open; received: " + got, stillOpen);
        } catch (IOException closed) {
            return got.toString();
        }
        if (!closedByServer()) {
            throw new IOException("close frame sent but connection still open; received: " + got);
        }
        return got.toString();
    }

    /** @return true when the server closed the TCP connection (end of stream) before the timeout */
    boolean closedByServer() throws IOException {
        try {
            // Whatever the server still sends before it hangs up (nats-server 2.9.10 sometimes
            // gets a queued close frame out first, sometimes not) is read past: only the end counts.
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private int readByte() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new IOException("connection closed");
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
