package io.natsj.tests.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import io.natsj.tests.websocket.WsRawClient.Frame;
import io.natsj.tests.websocket.WsServers.WsServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Frames after the upgrade: how the client protocol's bytes may be cut into frames, control
 * frames, close statuses and per-message deflate, against both servers.
 */
class WebSocketFramingTest {

    private static final String CONNECT = "CONNECT {\"verbose\":false,\"protocol\":1}\r\n";

    private static WsRawClient open(WsServer s, String... headers) throws Exception {
        WsRawClient c = new WsRawClient(s.wsPort());
        assertEquals("HTTP/1.1 101 Switching Protocols", c.request(WsRawClient.upgradeRequest(s.wsPort(), headers)).statusLine());
        Frame info = c.read();
        assertTrue((info.compressed() ? WebSocketHandshakeTest.inflate(info.payload()) : info.text()).startsWith("INFO "));
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AllTargets
    void fragmentsTextFramesAndSplitOperationsMakeOneStream(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, ""); WsRawClient c = open(s)) {
            // One message in three frames: binary (not final), continuation, final continuation.
            c.frame(0x02, bytes(CONNECT + "SUB fo"), true);
            c.frame(0x00, bytes("o 1\r\nPUB foo 5\r\nhel"), true);
            c.frame(0x80, bytes("lo\r\n"), true);
            // A text frame carries the protocol as well.
            c.frame(0x81, bytes("PING\r\n"), true);
            StringBuilder got = new StringBuilder();
            while (!got.toString().endsWith("PONG\r\n")) {
                got.append(c.read().text());
            }
            assertEquals("MSG foo 1 5\r\nhello\r\nPONG\r\n", got.toString());
            // Several frames in one write, the last cut inside its header.
            ByteArrayOutputStream two = new ByteArrayOutputStream();
            two.write(new byte[] {(byte) 0x82, (byte) 0x80, 0, 0, 0, 0}); // empty final binary frame, zero mask
            byte[] ping = bytes("PING\r\n");
            two.write(new byte[] {(byte) 0x82, (byte) (0x80 | ping.length)});
            c.raw(two.toByteArray());
            c.raw(new byte[] {0, 0, 0, 0});
            c.raw(ping);
            assertEquals("PONG\r\n", c.read().text());
        }
    }

    @AllTargets
    void pingGetsPongWithItsPayload(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, ""); WsRawClient c = open(s)) {
            c.frame(0x89, bytes("hi there"), true);
            Frame pong = c.read();
            assertEquals(0x8A, pong.b0());
            assertEquals("hi there", pong.text());
        }
    }

    @AllTargets
    void closeIsEchoedThenTheConnectionEnds(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, ""); WsRawClient c = open(s)) {
            byte[] payload = new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'};
            c.frame(0x88, payload, true);
            Frame close = c.read();
            assertEquals(0x88, close.b0());
            assertArrayEquals(payload, close.payload());
            assertTrue(c.closedByServer());
        }
        try (WsServer s = WsServers.start(target, ""); WsRawClient c = open(s)) {
            c.frame(0x88, new byte[0], true);
            Frame close = c.read();
            assertArrayEquals(new byte[] {0x03, (byte) 0xED}, close.payload(), "1005: no status received");
        }
    }

    /**
     * A frame nats-server refuses ends the connection. nats-server 2.9.10 queues a close frame
     * (1002 and the reason) but hangs up before it is written; natsj writes it, as RFC 6455 asks.
     */
    @AllTargets
    void frameErrorsCloseWithProtocolError(Target target) throws Exception {
        String[][] cases = {
            {"82", "mask bit missing"},
            {"09", "control frame does not have final bit set"},
            {"00", "invalid continuation frame"},
            {"83", "unknown opcode 3"},
        };
        for (String[] k : cases) {
            try (WsServer s = WsServers.start(target, ""); WsRawClient c = open(s)) {
                int b0 = Integer.parseInt(k[0], 16);
                c.frame(b0, bytes("PING\r\n"), b0 != 0x82);
                if (target == Target.NATSJ) {
                    Frame close = c.read();
                    assertEquals(0x88, close.b0(), k[1]);
                    assertEquals(1002, ((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF), k[1]);
                    assertEquals(k[1], new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8));
                }
                assertTrue(c.closedByServer(), k[1]);
            }
        }
    }

    /** A server shutting down says goodbye with 1001 (going away) and its reason, as nats-server does. */
    @AllTargets
    void shutdownClosesWithGoingAway(Target target) throws Exception {
        WsServer s = WsServers.start(target, "");
        try (WsRawClient c = open(s)) {
            c.send(CONNECT + "PING\r\n");
            assertEquals("PONG\r\n", c.read().text());
            s.close();
            Frame close = c.read();
            assertEquals(0x88, close.b0());
            assertEquals(1001, ((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF));
            assertEquals("Server Shutdown", new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8));
            assertTrue(c.closedByServer());
        } finally {
            s.close();
        }
    }

    @AllTargets
    void serverClosesWithTheStatusForItsReason(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "", "max_payload: 100"); WsRawClient c = open(s)) {
            c.send(CONNECT + "PUB foo 200\r\n");
            Frame err = c.read();
            assertEquals("-ERR 'Maximum Payload Violation'\r\n", err.text());
            Frame close = c.read();
            assertEquals(0x88, close.b0());
            assertEquals(1009, ((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF));
            assertEquals("Maximum Message Payload Exceeded", new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8));
        }
    }

    @AllTargets
    void compressedMessagesBothWays(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "compression: true");
             WsRawClient c = open(s, "Sec-WebSocket-Extensions: permessage-deflate")) {
            String payload = "x".repeat(300);
            byte[] ops = bytes(CONNECT + "SUB foo 1\r\nPUB foo " + payload.length() + "\r\n" + payload + "\r\nPING\r\n");
            byte[] deflated = deflate(ops);
            // Compressed, cut in two frames: RSV1 on the first only.
            int half = deflated.length / 2;
            c.frame(0x42, Arrays.copyOfRange(deflated, 0, half), true);
            c.frame(0x80, Arrays.copyOfRange(deflated, half, deflated.length), true);
            StringBuilder got = new StringBuilder();
            while (!got.toString().endsWith("PONG\r\n")) {
                Frame f = c.read();
                got.append(f.compressed() ? WebSocketHandshakeTest.inflate(f.payload()) : f.text());
            }
            assertEquals("MSG foo 1 300\r\n" + payload + "\r\nPONG\r\n", got.toString());
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4); // without the 00 00 ff ff tail
    }
}
