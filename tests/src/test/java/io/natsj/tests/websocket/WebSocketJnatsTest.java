package io.natsj.tests.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import io.natsj.tests.websocket.WsServers.WsServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * jnats over {@code ws://} next to jnats over TCP on the same server: messages both ways,
 * request/reply, large messages that span frames, and what monitoring shows of the listener
 * and its clients.
 */
class WebSocketJnatsTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder().server(url).connectionTimeout(WAIT).noReconnect().build());
    }

    @AllTargets
    void webSocketAndTcpClientsExchangeMessages(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "compression: true");
             Connection ws = connect(s.wsUrl());
             Connection tcp = connect(s.server().clientUrl())) {
            Subscription onTcp = tcp.subscribe("from.ws");
            Subscription onWs = ws.subscribe("from.tcp");
            ws.flush(WAIT);
            tcp.flush(WAIT);
            ws.publish("from.ws", "hello over websocket".getBytes(StandardCharsets.UTF_8));
            tcp.publish("from.tcp", "hello over tcp".getBytes(StandardCharsets.UTF_8));
            Message a = onTcp.nextMessage(WAIT);
            Message b = onWs.nextMessage(WAIT);
            assertNotNull(a);
            assertNotNull(b);
            assertEquals("hello over websocket", new String(a.getData(), StandardCharsets.UTF_8));
            assertEquals("hello over tcp", new String(b.getData(), StandardCharsets.UTF_8));

            // A large message, many frames and (compressed) several TCP reads each way.
            byte[] big = new byte[600_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) ('a' + i % 26);
            }
            ws.publish("from.ws", big);
            tcp.publish("from.tcp", big);
            assertEquals(java.util.Arrays.hashCode(big), java.util.Arrays.hashCode(onTcp.nextMessage(WAIT).getData()));
            assertEquals(java.util.Arrays.hashCode(big), java.util.Arrays.hashCode(onWs.nextMessage(WAIT).getData()));

            // Many small messages in a row keep their order.
            for (int i = 0; i < 5000; i++) {
                ws.publish("from.ws", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 5000; i++) {
                Message m = onTcp.nextMessage(WAIT);
                assertEquals(Integer.toString(i), new String(m.getData(), StandardCharsets.UTF_8));
            }
        }
    }

    @AllTargets
    void requestReplyOverWebSocket(Target target) throws Exception {
        try (WsServer s = WsServers.start(target, "");
             Connection ws = connect(s.wsUrl());
             Connection tcp = connect(s.server().clientUrl())) {
            tcp.createDispatcher(m -> tcp.publish(m.getReplyTo(), ("re: " + new String(m.getData())).getBytes()))
                    .subscribe("svc");
            tcp.flush(WAIT);
            Message reply = ws.request("svc", "ping".getBytes(), WAIT);
            assertEquals("re: ping", new String(reply.getData()));
        }
    }

    @AllTargets
    void monitoringShowsTheListenerAndItsClients(Target target) throws Exception {
        int http = WsServers.freePort();
        try (WsServer s = WsServers.start(target, "compression: true\nsame_origin: true\nhandshake_timeout: \"3s\"",
                "http_port: " + http);
             Connection ws = connect(s.wsUrl())) {
            ws.flush(WAIT);
            JsonNode varz = get(http, "/varz").get("websocket");
            assertEquals("127.0.0.1", varz.get("host").asText());
            assertEquals(s.wsPort(), varz.get("port").asInt());
            assertTrue(varz.get("no_tls").asBoolean());
            assertTrue(varz.get("compression").asBoolean());
            assertTrue(varz.get("same_origin").asBoolean());
            assertEquals(3_000_000_000L, varz.get("handshake_timeout").asLong());
            assertEquals(6, varz.size(), varz.toString());
            JsonNode conns = get(http, "/connz").get("connections");
            assertEquals(1, conns.size());
            assertEquals("127.0.0.1", conns.get(0).get("ip").asText());
        }
    }

    private static JsonNode get(int port, String path) throws Exception {
        try (var in = URI.create("http://127.0.0.1:" + port + path).toURL().openStream()) {
            return new ObjectMapper().readTree(in);
        }
    }
}
