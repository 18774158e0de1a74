package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A WebSocket upgrade's {@code X-Forwarded-For}, when it is a plain IP address, is shown in front
 * of the socket's address in the client's log label ({@code 10.1.2.3/127.0.0.1:port - wid:N}),
 * as nats-server 2.9.10 does; anything else is ignored. Here because it needs the log of a
 * server process, which {@link ClusterNode} keeps.
 */
class WebSocketForwardedForTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void forwardedAddressLeadsTheLogLabel(String server) throws Exception {
        int wsPort = freePort();
        String top = "debug: true\nwebsocket { host: 127.0.0.1, port: " + wsPort + ", no_tls: true }";
        ClusterNode node = run.add(server.equals("nats-server") ? goNode(top) : ClusterNode.natsj("A", List.of(), "", top));

        try (Socket forwarded = upgrade(wsPort, "X-Forwarded-For: 10.1.2.3");
                Socket ipv6 = upgrade(wsPort, "X-Forwarded-For: 2001:db8::7");
                Socket notAnAddress = upgrade(wsPort, "X-Forwarded-For: proxy.example.com")) {
            awaitLine(node, "\\[DBG\\] 10\\.1\\.2\\.3/127\\.0\\.0\\.1:" + forwarded.getLocalPort()
                    + " - wid:\\d+ - Client connection created");
            awaitLine(node, "\\[DBG\\] \\[2001:db8::7\\]/127\\.0\\.0\\.1:" + ipv6.getLocalPort()
                    + " - wid:\\d+ - Client connection created");
            awaitLine(node, "\\[DBG\\] 127\\.0\\.0\\.1:" + notAnAddress.getLocalPort()
                    + " - wid:\\d+ - Client connection created");
        }
    }

    /** Sends an upgrade request with the header and reads the 101 response's head. */
    private static Socket upgrade(int port, String header) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) ClusterRun.WAIT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + header + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IllegalStateException("closed during the upgrade: " + head);
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101 ")) {
            throw new IllegalStateException("upgrade refused: " + head);
        }
        return socket;
    }

    private void awaitLine(ClusterNode node, String regex) {
        Pattern line = Pattern.compile("(?m)" + regex + "$");
        run.await(() -> line.matcher(node.log()).find(), () -> node + " logged no line " + regex + ":\n" + node.log());
    }

    private static ClusterNode goNode(String top) {
        assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        return ClusterNode.go("A", List.of(), "", top);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
