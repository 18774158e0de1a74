package io.natsj.kernel.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.client.InternalClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An internal client shares the account's subject index and routing with network clients:
 * each reaches the other, in both directions, headers included.
 */
class InternalClientTest {

    private Server server;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    @BeforeEach
    void start() throws Exception {
        Config config = ConfigFactory.parseString("host: 127.0.0.1\nport: -1");
        server = new Server(ServerOptions.from(config), config, PluginRegistry.load());
        server.start();
        socket = new Socket("127.0.0.1", server.clientPort());
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        in.readLine(); // INFO
        send("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n");
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        server.shutdown();
    }

    @Test
    void networkPublisherReachesInternalSubscriber() throws Exception {
        InternalClient internal = new InternalClient(server.globalAccount(), "test");
        BlockingQueue<io.natsj.spi.service.ServiceMessage> got = new LinkedBlockingQueue<>();
        internal.subscribe("svc.>", null, got::add);

        send("HPUB svc.a reply.1 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPUB svc.b 3\r\nabc\r\n");

        io.natsj.spi.service.ServiceMessage first = got.poll(5, TimeUnit.SECONDS);
        assertEquals("svc.a", first.subject());
        assertEquals("reply.1", first.reply());
        assertArrayEquals("NATS/1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8), first.headers());
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), first.payload());
        io.natsj.spi.service.ServiceMessage second = got.poll(5, TimeUnit.SECONDS);
        assertEquals("svc.b", second.subject());
        assertNull(second.reply());
        assertNull(second.headers());
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), second.payload());
    }

    @Test
    void internalPublisherReachesNetworkSubscriber() throws Exception {
        send("SUB events.* 7\r\nPING\r\n");
        assertEquals("PONG", in.readLine());
        InternalClient internal = new InternalClient(server.globalAccount(), "test");

        internal.publish("events.x", "r", null, "payload".getBytes(StandardCharsets.UTF_8));

        assertEquals("MSG events.x 7 r 7", in.readLine());
        assertEquals("payload", in.readLine());
    }

    @Test
    void unsubscribedInternalClientGetsNothing() throws Exception {
        InternalClient internal = new InternalClient(server.globalAccount(), "test");
        BlockingQueue<io.natsj.spi.service.ServiceMessage> got = new LinkedBlockingQueue<>();
        internal.unsubscribe(internal.subscribe("x", "q", got::add));
        send("SUB x 1\r\nPUB x 1\r\nz\r\n");
        assertEquals("MSG x 1 1", in.readLine());
        assertNull(got.poll(100, TimeUnit.MILLISECONDS));
    }

    private void send(String s) throws Exception {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
