package io.natsj.kernel.monitor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A NATS client over a plain socket, just enough to give the monitoring endpoints something
 * to report: CONNECT, SUB, UNSUB, PUB, and PING/PONG to know the server has processed
 * everything sent so far.
 */
final class RawNatsClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int received;

    /**
     * Connects and sends CONNECT.
     *
     * @param port the server's client port
     * @param name the CONNECT name, or null for none
     */
    RawNatsClient(int port, String name) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String info = readLine();
        if (!info.startsWith("INFO ")) {
            throw new IOException("expected INFO, got " + info);
        }
        String nameField = name == null ? "" : ",\"name\":\"" + name + "\",\"lang\":\"raw\",\"version\":\"0.1\"";
        send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1" + nameField + "}\r\n");
        sync();
    }

    RawNatsClient sub(String subject, String queue, String sid) throws IOException {
        send("SUB " + subject + (queue == null ? "" : " " + queue) + " " + sid + "\r\n");
        return this;
    }

    RawNatsClient unsub(String sid, int max) throws IOException {
        send("UNSUB " + sid + (max > 0 ? " " + max : "") + "\r\n");
        return this;
    }

    RawNatsClient pub(String subject, String payload) throws IOException {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        send("PUB " + subject + " " + body.length + "\r\n" + payload + "\r\n");
        return this;
    }

    /** Sends PING and reads up to the PONG, counting the messages received on the way. */
    RawNatsClient sync() throws IOException {
        send("PING\r\n");
        while (true) {
            String line = readLine();
            if (line.equals("PONG")) {
                return this;
            }
            if (line.startsWith("MSG ")) {
                String[] parts = line.split(" ");
                int size = Integer.parseInt(parts[parts.length - 1]);
                in.readNBytes(size + 2);
                received++;
            } else if (line.startsWith("-ERR")) {
                throw new IOException(line);
            }
        }
    }

    /** @return the messages seen by {@link #sync()} so far */
    int received() {
        return received;
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
