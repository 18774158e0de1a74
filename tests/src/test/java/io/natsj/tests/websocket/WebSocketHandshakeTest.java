package io.natsj.tests.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import io.natsj.tests.websocket.WsRawClient.Frame;
import io.natsj.tests.websocket.WsRawClient.Response;
import io.natsj.tests.websocket.WsServers.WsServer;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.Inflater;

/**
 * The HTTP upgrade: what a good request gets, and the status, headers and body of each refusal,
 * as nats-server 2.9.10 answers them (the Date header aside).
 */
class WebSocketHandshakeTest {

    private static void assertRefused(Response r, String status, String text) {
        assertEquals("HTTP/1.1 " + status + " " + text, r.statusLine());
        assertEquals(List.of("content-type", "sec-websocket-version", "x-content-type-options", "date", "content-length"),
                List.copyOf(r.headers().keySet()));
        assertEquals("text/plain; charset=utf-8", r.headers().get("content-type"));
        assertEquals("13", r.headers().get("sec-websocket-version"));
        assertEquals("nosniff", r.headers().get("x-content-type-options"));
        assertEquals(text + "\n", r.body());
    }

    @AllTargets
    void refusalsGetGoHttpErrors(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "same_origin: true")) {
            int p = s.wsPort();
            String key = "Sec-WebSocket-Key: " + WsRawClient.KEY;
            try (WsRawClient c = new WsRawClient(p)) {
                // Each refusal leaves the connection open for the next request, as Go's server does.
                assertRefused(c.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "400", "Bad Request");
                assertRefused(c.request("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), "405", "Method Not Allowed");
                assertRefused(c.request("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"), "400", "Bad Request");
                assertRefused(c.request("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n"), "400", "Bad Request");
                assertRefused(c.request("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 12\r\n" + key + "\r\n\r\n"), "400", "Bad Request");
                assertRefused(c.request(WsRawClient.upgradeRequest(p, "Origin: http://evil.example")), "403", "Forbidden");
                Response ok = c.request(WsRawClient.upgradeRequest(p, "Origin: http://127.0.0.1:" + p));
                assertEquals("HTTP/1.1 101 Switching Protocols", ok.statusLine());
            }
            try (WsRawClient c = new WsRawClient(p)) {
                Response r = c.request("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
                assertEquals("HTTP/1.1 400 Bad Request: missing required Host header", r.statusLine());
                assertEquals("400 Bad Request: missing required Host header", r.body());
                assertEquals("close", r.headers().get("connection"));
            }
        }
    }

    @AllTargets
    void allowedOriginsCompareSchemeHostAndPort(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "allowed_origins: [\"http://good.example\", \"https://other.example:8443\"]")) {
            int p = s.wsPort();
            for (String origin : List.of("http://good.example", "http://good.example:80", "https://other.example:8443", "")) {
                try (WsRawClient c = new WsRawClient(p)) {
                    String header = origin.isEmpty() ? "X-None: 1" : "Origin: " + origin;
                    assertEquals("HTTP/1.1 101 Switching Protocols", c.request(WsRawClient.upgradeRequest(p, header)).statusLine(), origin);
                }
            }
            for (String origin : List.of("https://good.example", "http://good.example:8080", "https://other.example", "http://bad.example")) {
                try (WsRawClient c = new WsRawClient(p)) {
                    assertRefused(c.request(WsRawClient.upgradeRequest(p, "Origin: " + origin)), "403", "Forbidden");
                }
            }
        }
    }

    @AllTargets
    void upgradeAnswersAcceptKeyThenInfoInABinaryFrame(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "")) {
            try (WsRawClient c = new WsRawClient(s.wsPort())) {
                Response r = c.request(WsRawClient.upgradeRequest(s.wsPort(), "Sec-WebSocket-Extensions: permessage-deflate"));
                assertEquals("HTTP/1.1 101 Switching Protocols", r.statusLine());
                assertEquals(List.of("upgrade", "connection", "sec-websocket-accept"), List.copyOf(r.headers().keySet()));
                assertEquals("websocket", r.headers().get("upgrade"));
                assertEquals("Upgrade", r.headers().get("connection"));
                assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", r.headers().get("sec-websocket-accept"));
                Frame info = c.read();
                assertEquals(0x82, info.b0());
                assertTrue(info.text().startsWith("INFO {"), info.text());
                assertTrue(info.text().contains("\"port\":" + s.server().port() + ","), info.text());
                assertTrue(info.text().endsWith("} \r\n"), info.text());
            }
        }
    }

    @AllTargets
    void compressionAndNoMaskingAreNegotiated(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "compression: true")) {
            try (WsRawClient c = new WsRawClient(s.wsPort())) {
                Response r = c.request(WsRawClient.upgradeRequest(s.wsPort(),
                        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits", "Nats-No-Masking: true"));
                assertEquals("HTTP/1.1 101 Switching Protocols", r.statusLine());
                assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        r.headers().get("sec-websocket-extensions"));
                assertEquals("true", r.headers().get("nats-no-masking"));
                Frame info = c.read();
                assertEquals(0xC2, info.b0(), "FIN, RSV1 (compressed), binary");
                assertTrue(inflate(info.payload()).startsWith("INFO {"));
                // Unmasked frames are accepted once the client asked for no masking.
                c.frame(0x82, "CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(), false);
                assertEquals("PONG\r\n", c.read().text());
            }
            try (WsRawClient c = new WsRawClient(s.wsPort())) {
                Response r = c.request(WsRawClient.upgradeRequest(s.wsPort()));
                assertFalse(r.headers().containsKey("sec-websocket-extensions"), "no compression unless the client offers it");
                assertEquals(0x82, c.read().b0());
            }
        }
    }

    static String inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] withTail = java.util.Arrays.copyOf(payload, payload.length + 4);
        withTail[payload.length + 2] = (byte) 0xff;
        withTail[payload.length + 3] = (byte) 0xff;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = inflater.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inflater.end();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
