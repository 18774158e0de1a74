package io.natsj.tests.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gateway server of another cluster as a plain socket, speaking the gateway protocol the way
 * a nats-server before 2.9 does: its INFO has no {@code gateway_iom}, so the server under test
 * treats it as a peer in optimistic mode. It answers PINGs, and hands every other line it
 * receives to the test (a message's payload as the line after its control line). INFO lines
 * come as {@code INFO cmd=<n> acc=<account>} for interest-mode commands, else as {@code INFO}.
 */
final class GatewayPeer implements AutoCloseable {

    static final String NAME = "A";
    static final String ID = "NDPEERGATEWAYOPTIMISTICMODE00000000000000000000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ = Duration.ofSeconds(10);

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> history = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private int pongs;
    private final Object pongLock = new Object();

    private GatewayPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        this.reader = Thread.ofVirtual().start(() -> read(in));
    }

    /** Dials the server's gateway port: the server's inbound side (it receives this peer's messages). */
    static GatewayPeer dial(int port) throws IOException {
        return dial(port, false);
    }

    /**
     * @param interestOnly true to announce interest-only mode ({@code gateway_iom}), as 2.9+ does
     */
    static GatewayPeer dial(int port, boolean interestOnly) throws IOException {
        GatewayPeer p = new GatewayPeer(new Socket(InetAddress.getLoopbackAddress(), port));
        p.expectInfo();
        p.send("CONNECT {\"echo\":false,\"verbose\":false,\"pedantic\":false,\"tls_required\":false,"
                + "\"headers\":true,\"name\":\"" + ID + "\",\"cluster\":\"\",\"gateway\":\"" + NAME + "\"}\r\n");
        p.send(info(0, interestOnly));
        return p;
    }

    /** Waits for the server to dial the listener: the server's outbound side (it sends to this peer). */
    static GatewayPeer accept(ServerSocket listener) throws IOException {
        return accept(listener, false);
    }

    /**
     * @param interestOnly true to announce interest-only mode ({@code gateway_iom}), as 2.9+ does
     */
    static GatewayPeer accept(ServerSocket listener, boolean interestOnly) throws IOException {
        listener.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        GatewayPeer p = new GatewayPeer(listener.accept());
        p.send(info(listener.getLocalPort(), interestOnly));
        p.expectInfo(); // the server's CONNECT comes first; its INFO follows
        return p;
    }

    private static String info(int port, boolean interestOnly) {
        return "INFO {\"server_id\":\"" + ID + "\",\"server_name\":\"peer\",\"version\":\""
                + (interestOnly ? "2.9.10" : "2.8.4") + "\",\"proto\":1,"
                + "\"go\":\"go1.17\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"headers\":true,"
                + "\"max_payload\":1048576,\"gateway\":\"" + NAME + "\",\"gateway_nrp\":true"
                + (interestOnly ? ",\"gateway_iom\":true" : "") + "}\r\n";
    }

    private void expectInfo() {
        String first = next();
        if (first.startsWith("CONNECT ")) {
            first = next();
        }
        if (!first.startsWith("INFO")) {
            throw new AssertionError("expected INFO, got " + first);
        }
    }

    /** @return an INFO switching an account (gateway_cmd 2 start, 3 complete), as nats-server writes it */
    static String command(int cmd, String account) {
        String payload = Base64.getEncoder().encodeToString(account.getBytes(StandardCharsets.UTF_8));
        return "INFO {\"server_id\":\"\",\"server_name\":\"\",\"version\":\"\",\"proto\":0,\"go\":\"\",\"host\":\"\","
                + "\"port\":0,\"headers\":false,\"max_payload\":0,\"gateway\":\"" + NAME + "\",\"gateway_cmd\":" + cmd
                + ",\"gateway_cmd_payload\":\"" + payload + "\"}\r\n";
    }

    /** Sends the text as is. */
    GatewayPeer send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends an RMSG with a payload. */
    GatewayPeer message(String account, String subject, String payload) {
        return send("RMSG " + account + " " + subject + " " + payload.length() + "\r\n" + payload + "\r\n");
    }

    /**
     * A PING round trip: everything sent before it was handled, and what the server answered
     * to it is in the lines by the time this returns.
     */
    void sync() {
        int before;
        synchronized (pongLock) {
            before = pongs;
        }
        send("PING\r\n");
        long deadline = System.nanoTime() + READ.toNanos();
        synchronized (pongLock) {
            while (pongs == before) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no PONG");
                }
                try {
                    pongLock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** @return the next line received (PING/PONG excepted) */
    String next() {
        try {
            String line = lines.poll(READ.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("nothing received in " + READ + "; received before: " + history);
            }
            history.add(line);
            return line;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every line received so far and not yet taken */
    List<String> drain() {
        List<String> all = new ArrayList<>();
        lines.drainTo(all);
        history.addAll(all);
        return all;
    }

    private void read(InputStream in) {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.equals("PING")) {
                    send("PONG\r\n");
                } else if (text.equals("PONG")) {
                    synchronized (pongLock) {
                        pongs++;
                        pongLock.notifyAll();
                    }
                } else if (text.startsWith("INFO ")) {
                    lines.add(describeInfo(text.substring(5)));
                } else {
                    lines.add(text);
                }
            }
        } catch (IOException | UncheckedIOException closed) {
            // the socket closed
        }
    }

    private static String describeInfo(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        int cmd = n.path("gateway_cmd").asInt(0);
        if (cmd == 2 || cmd == 3) {
            String acc = new String(Base64.getDecoder().decode(n.path("gateway_cmd_payload").asText()),
                    StandardCharsets.UTF_8);
            return "INFO cmd=" + cmd + " acc=" + acc;
        }
        return cmd == 0 ? "INFO" : "INFO cmd=" + cmd;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
