package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gateway {@code tls} and {@code authorization}, natsj and nats-server 2.9.10 in every pairing:
 * clusters with TLS (the section's block, or a remote's own) and with a user and password
 * connect and carry requests; a wrong password is refused; a gateway section nats-server
 * refuses stops natsj before its client listener opens.
 */
class GatewaySecurityTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private static String cert(String name) {
        try {
            return java.nio.file.Path.of(GatewaySecurityTest.class.getResource("/certs/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tlsBlock() {
        return "tls { cert_file: \"" + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem")
                + "\", ca_file: \"" + cert("ca.pem") + "\", timeout: 5 }";
    }

    private static ClusterNode node(String kind, String cluster, String inside) {
        String gateway = "gateway { name: " + cluster + ", listen: \"127.0.0.1:-1\", " + inside + " }";
        return kind.equals("natsj") ? ClusterNode.natsj(cluster + "1", List.of(), "name: " + cluster, gateway)
                : ClusterNode.go(cluster + "1", List.of(), "name: " + cluster, gateway);
    }

    private static boolean outbound(ClusterNode n, String to) {
        return !n.monitor("/gatewayz").path("outbound_gateways").path(to).isMissingNode();
    }

    /** Waits for both outbound connections, then a request from A to a service in B. */
    private void connectedAndCarrying(ClusterNode a, ClusterNode b) throws Exception {
        run.await(Duration.ofSeconds(20), () -> outbound(a, "B") && outbound(b, "A"),
                () -> "gateways up: " + a.monitor("/gatewayz") + " / " + b.monitor("/gatewayz") + "\n" + a.log()
                        + "\n" + b.log());
        Connection service = run.connect(b, null);
        service.createDispatcher(m -> service.publish(m.getReplyTo(), m.getData())).subscribe("svc");
        service.flush(Duration.ofSeconds(5));
        Connection client = run.connect(a, null);
        run.await(Duration.ofSeconds(10), () -> {
            try {
                Message m = client.request("svc", "hi".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500));
                return m != null && new String(m.getData(), StandardCharsets.UTF_8).equals("hi");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "request across");
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void gatewaysRunOverTls(String aKind, String bKind) throws Exception {
        ClusterNode a = run.add(node(aKind, "A", tlsBlock()));
        // B dials A with the remote's own block, and is dialled back with A's.
        ClusterNode b = run.add(node(bKind, "B", tlsBlock() + ", gateways: [ { name: A, url: \""
                + a.gatewayUrl().replace("nats://", "tls://") + "\", " + tlsBlock() + " } ]"));
        connectedAndCarrying(a, b);
        assertTrue(a.monitor("/varz").path("gateway").path("tls_required").asBoolean(),
                "A announces TLS");
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void gatewaysPresentTheirUserAndPassword(String aKind, String bKind) throws Exception {
        String auth = "authorization { user: gw, password: s3cret, timeout: 2 }";
        ClusterNode a = run.add(node(aKind, "A", auth));
        ClusterNode b = run.add(node(bKind, "B", auth + ", gateways: [ { name: A, url: \"" + a.gatewayUrl() + "\" } ]"));
        connectedAndCarrying(a, b);
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, nats-server", "nats-server, natsj"})
    void credentialsInAGatewayUrlArePresentedInsteadOfTheSections(String aKind, String bKind) throws Exception {
        String auth = "authorization { user: gw, password: s3cret }";
        ClusterNode a = run.add(node(aKind, "A", auth));
        // B's own authorization differs; the URL's user info is what A checks.
        ClusterNode b = run.add(node(bKind, "B", "authorization { user: gw, password: other }, gateways: [ { name: A,"
                + " url: \"" + a.gatewayUrl().replace("nats://", "nats://gw:s3cret@") + "\" } ]"));
        // Registered inbound only once A accepted the CONNECT.
        run.await(Duration.ofSeconds(20), () -> a.monitor("/gatewayz").path("inbound_gateways").path("B").size() == 1,
                () -> "B in A: " + a.log() + "\n" + b.log());
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, nats-server", "nats-server, natsj", "natsj, natsj"})
    void aWrongPasswordIsRefused(String aKind, String bKind) {
        ClusterNode a = run.add(node(aKind, "A", "authorization { user: gw, password: s3cret }"));
        ClusterNode b = run.add(node(bKind, "B", "authorization { user: gw, password: wrong }, gateways: [ { name: A,"
                + " url: \"" + a.gatewayUrl() + "\" } ]"));
        // Twice: the first refusal, then B's redial refused as well.
        run.await(Duration.ofSeconds(20), () -> a.log().split("authentication error", -1).length > 2,
                () -> "refused: " + a.log() + "\n" + b.log());
        assertFalse(outbound(b, "A"), "no connection with a wrong password");
        assertEquals(0, a.monitor("/gatewayz").path("inbound_gateways").size(), "nothing registered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"natsj", "nats-server"})
    void aBadGatewaySectionStopsTheServerBeforeClientsCanConnect(String kind) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run.add(node(kind, "A", "authorization { token: t }")));
        assertTrue(e.getMessage().contains("Gateway authorization does not support tokens"), e.getMessage());
        assertFalse(e.getMessage().contains("Listening for client connections"), e.getMessage());
    }
}
