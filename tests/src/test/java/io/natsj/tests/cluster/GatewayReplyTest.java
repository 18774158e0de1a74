package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.natsj.spi.topology.wire.GatewayReply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reply routed back to the requester's cluster ({@code _GR_.<its hash>.<server hash>.<reply>})
 * goes there at once, whatever interest that cluster announced, as nats-server 2.9.10 sends it:
 * the requester's interest in its reply subject travels on the other connection of the pair
 * and may come later than the request. A raw 2.9-style peer ({@link GatewayPeer}, interest-only
 * mode) sends a request and no RS+ at all; the reply must reach it.
 */
class GatewayReplyTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void aReplyGoesBackWithoutTheRequestersInterest(String kind) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String gateway = "gateway { name: B, listen: \"127.0.0.1:-1\", gateways: [ { name: A, url: "
                    + "\"nats://127.0.0.1:" + listener.getLocalPort() + "\" } ] }\nno_system_account: true";
            ClusterNode b = run.add(kind.equals("natsj") ? ClusterNode.natsj("B1", List.of(), "name: B", gateway)
                    : ClusterNode.go("B1", List.of(), "name: B", gateway));
            Connection c = run.connect(b, null);
            c.createDispatcher(m -> c.publish(m.getReplyTo(), ("re:" + new String(m.getData(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8))).subscribe("svc");
            c.flush(Duration.ofSeconds(5));
            int port = Integer.parseInt(b.gatewayUrl().substring(b.gatewayUrl().lastIndexOf(':') + 1));
            try (GatewayPeer out = GatewayPeer.accept(listener, true);
                    GatewayPeer in = GatewayPeer.dial(port, true)) {
                out.sync();
                in.sync();
                String reply = GatewayReply.PREFIX + GatewayReply.hash(GatewayPeer.NAME) + ".SRVHSH.r.1";
                in.message("$G", "svc " + reply, "ping");
                String line = out.next();
                while (!line.startsWith("RMSG")) {
                    line = out.next();
                }
                assertEquals("RMSG $G " + reply + " 7", line, "the reply, on the server's outbound connection");
                assertEquals("re:ping", out.next());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nserver log:\n" + b.log(), e);
            }
        }
    }
}
