package io.natsj.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A byte-exact NATS client over a plain socket. Reads fail after a timeout instead of hanging, and
 * the server's own keep-alive {@code PING} lines are answered and skipped so tests see only the
 * frames they provoked.
 */
public final class RawClient implements AutoCloseable {

    /** How long any single expected frame may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String info;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        this.info = rawLine();
    }

    /** Opens a connection and reads the server's INFO line (without CRLF). */
    public static RawClient open(ServerUnderTest server) {
        return open(server, 0);
    }

    /**
     * @param receiveBuffer SO_RCVBUF to request before connecting, 0 for the default (a small one
     *     makes a client that never reads back up quickly)
     */
    public static RawClient open(ServerUnderTest server, int receiveBuffer) {
        return open(server.port(), receiveBuffer);
    }

    /**
     * @param port a client port on 127.0.0.1
     * @param receiveBuffer SO_RCVBUF to request before connecting, 0 for the default
     */
    public static RawClient open(int port, int receiveBuffer) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens, sends {@code CONNECT <json>} and a PING, and waits for the PONG. */
    public static RawClient connect(ServerUnderTest server, String connectJson) {
        RawClient c = open(server);
        c.send("CONNECT " + connectJson + "\r\nPING\r\n");
        c.expectLine("PONG");
        return c;
    }

    /** Connects with verbose off and headers on, the way modern clients do. */
    public static RawClient connect(ServerUnderTest server) {
        return connect(server, "{\"verbose\":false,\"pedantic\":false,\"headers\":true}");
    }

    /** Changes how long a single read may block (for tests where the server is legitimately slow). */
    public RawClient timeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the INFO line the server sent on connect, without CRLF */
    public String info() {
        return info;
    }

    /** Sends the text as is (callers write the CRLFs). */
    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the bytes as is. */
    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Round-trips a PING so everything sent before it has been processed by the server. */
    public RawClient sync() {
        send("PING\r\n");
        expectLine("PONG");
        return this;
    }

    /** Reads the next line other than a server PING, without its CRLF. */
    public String readLine() {
        while (true) {
            String line = rawLine();
            if (!line.equals("PING")) {
                return line;
            }
            send("PONG\r\n");
        }
    }

    /** Reads the next line and asserts it equals {@code expected} (given without CRLF). */
    public void expectLine(String expected) {
        assertEquals(expected, readLine());
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] readBytes(int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a message frame: the given control line, then exactly the payload and its CRLF. */
    public void expectFrame(String controlLine, String payload) {
        expectLine(controlLine);
        byte[] expected = (payload + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(payload + "\r\n", new String(readBytes(expected.length), StandardCharsets.UTF_8));
    }

    /** Asserts nothing but server PINGs arrive: a PING round trip answers with PONG first. */
    public void expectNothingPending() {
        send("PING\r\n");
        expectLine("PONG");
    }

    /**
     * Reads until the server closes the connection (EOF or reset) and returns what arrived, with
     * keep-alive PINGs removed. Fails if the connection stays open past the deadline.
     */
    public String readUntilClosed(Duration deadline) {
        return readUntilEnd(deadline).received();
    }

    /**
     * How a connection ended.
     *
     * @param received what arrived before the end, keep-alive PINGs removed
     * @param reset true for a reset (the server closed with bytes of ours unread), false for EOF
     */
    public record Ending(String received, boolean reset) {
    }

    /**
     * Reads until the server closes the connection, telling a reset from a clean close. Fails if
     * the connection stays open past the deadline.
     */
    public Ending readUntilEnd(Duration deadline) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.nanoTime() + deadline.toNanos();
        byte[] buf = new byte[65536];
        try {
            socket.setSoTimeout(100);
            while (System.nanoTime() < end) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        return new Ending(stripPings(got), false);
                    }
                    got.write(buf, 0, n);
                } catch (SocketTimeoutException again) {
                    // keep polling until the deadline
                } catch (SocketException reset) {
                    return new Ending(stripPings(got), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String received = stripPings(got);
        return fail("connection still open after " + deadline + "; received " + received.length() + " bytes: "
                + (received.length() > 300 ? received.substring(0, 300) + "..." : received));
    }

    /** Reads until closed within {@link #TIMEOUT} and asserts exactly {@code expected} arrived first. */
    public void expectClosedAfter(String expected) {
        assertEquals(expected, readUntilClosed(TIMEOUT));
    }

    private static String stripPings(ByteArrayOutputStream got) {
        return got.toString(StandardCharsets.UTF_8).replace("PING\r\n", "");
    }

    /**
     * Reads the next line as sent, server PINGs included, without its CRLF.
     *
     * @return the line, or null once the server has closed the connection (EOF or reset)
     */
    public String readRawLineOrNull() {
        try {
            in.mark(1);
            if (in.read() < 0) {
                return null;
            }
            in.reset();
            return rawLine();
        } catch (SocketTimeoutException e) {
            return fail("no data within " + TIMEOUT);
        } catch (SocketException reset) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rawLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return fail("connection closed while reading a line; got: " + line.toString(StandardCharsets.UTF_8));
                }
                if (prev == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                line.write(b);
                prev = b;
            }
        } catch (SocketTimeoutException e) {
            return fail("no complete line within " + TIMEOUT + "; got: " + line.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits at most {@code wait} for the server to send anything.
     *
     * @return true when nothing arrived in that time (the bytes that did arrive stay unread)
     */
    public boolean silentFor(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            in.mark(1);
            try {
                if (in.read() >= 0) {
                    in.reset();
                }
                return false;
            } catch (SocketTimeoutException quiet) {
                return true;
            } finally {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the socket is still usable for a PING round trip */
    public boolean isAlive() {
        try {
            sync();
            return true;
        } catch (AssertionError | UncheckedIOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
