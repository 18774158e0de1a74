package io.natsj.topology.routes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw-socket route peer for tests: writes lines, reads lines with a deadline. */
final class PeerSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    PeerSocket(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** @param accepted a connection the route dialled, accepted by the test */
    PeerSocket(Socket accepted) throws IOException {
        socket = accepted;
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** @return the next line with its CRLF, or null at EOF */
    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** @return the next line that is not PING (answered with PONG) */
    String lineSkippingPings() throws IOException {
        String l;
        while ((l = line()) != null && l.equals("PING\r\n")) {
            send("PONG\r\n");
        }
        return l;
    }

    /** @return true when the server closed the connection (EOF within the timeout) */
    boolean closedByServer() throws IOException {
        try {
            String l;
            while ((l = line()) != null) {
                if (!l.equals("PING\r\n")) {
                    return false;
                }
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
