package io.natsj.tests.websocket;

import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Starts a target with a plain (no_tls) WebSocket listener on a free port. */
final class WsServers {

    /** A running target and its WebSocket port. */
    record WsServer(ServerUnderTest server, int wsPort) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }

        String wsUrl() {
            return "ws://127.0.0.1:" + wsPort;
        }
    }

    private WsServers() {
    }

    /**
     * @param target natsj or nats-server
     * @param websocketExtra more lines for the {@code websocket} block
     * @param topLevel more top-level settings
     */
    static WsServer start(Target target, String websocketExtra, String topLevel) {
        int wsPort = freePort();
        String config = topLevel + "\nwebsocket {\n  host: \"127.0.0.1\"\n  port: " + wsPort
                + "\n  no_tls: true\n" + websocketExtra + "\n}\n";
        return new WsServer(target.start(config), wsPort);
    }

    static WsServer start(Target target, String websocketExtra) {
        return start(target, websocketExtra, "");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
