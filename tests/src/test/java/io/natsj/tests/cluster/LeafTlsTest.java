package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Leaf connections over TLS, natsj and nats-server 2.9.10 in every pairing: the hub's INFO
 * goes in clear with {@code tls_required}, then the handshake. A remote with a {@code tls}
 * block (client certificate for a verifying hub, or only the CA), dialled as {@code tls://} or
 * {@code nats-leaf://}, connects and carries requests both ways; a leaf without a certificate
 * is refused by a hub with {@code verify: true}.
 */
class LeafTlsTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    static String cert(String name) {
        try {
            return java.nio.file.Path.of(LeafTlsTest.class.getResource("/certs/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hub's block: the server certificate, the CA, clients verified when asked. */
    static String hubTls(boolean verify) {
        return "tls { cert_file: \"" + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem")
                + "\", ca_file: \"" + cert("ca.pem") + "\", verify: " + verify + ", timeout: 5 }";
    }

    /** A remote's block: the CA and, when asked, the client certificate. */
    static String remoteTls(boolean clientCertificate) {
        return "tls { ca_file: \"" + cert("ca.pem") + "\""
                + (clientCertificate ? ", cert_file: \"" + cert("client-cert.pem") + "\", key_file: \""
                        + cert("client-key.pem") + "\"" : "")
                + " }";
    }

    private ClusterNode hub(String kind, boolean verify) {
        return run.add(LeafNodeTest.node(kind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\", " + hubTls(verify)
                + " }", ""));
    }

    private ClusterNode leaf(String kind, ClusterNode hub, String scheme, boolean clientCertificate) {
        return run.add(LeafNodeTest.node(kind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: \"" + scheme
                + "://127.0.0.1:" + hub.leafPort() + "\", " + remoteTls(clientCertificate) + " } ] }", ""));
    }

    private void connectedAndCarrying(ClusterNode h, ClusterNode l) throws Exception {
        run.await(Duration.ofSeconds(20), () -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "leaf up over TLS:\n" + h.log() + "\n" + l.log());
        var onHub = run.connect(h, null);
        var onLeaf = run.connect(l, null);
        onHub.createDispatcher(m -> onHub.publish(m.getReplyTo(), m.getData())).subscribe("hub.svc");
        onLeaf.createDispatcher(m -> onLeaf.publish(m.getReplyTo(), m.getData())).subscribe("leaf.svc");
        onHub.flush(Duration.ofSeconds(5));
        onLeaf.flush(Duration.ofSeconds(5));
        run.await(() -> "x".equals(LeafNodeTest.request(onLeaf, "hub.svc", "x"))
                && "y".equals(LeafNodeTest.request(onHub, "leaf.svc", "y")), () -> "requests across TLS");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aVerifyingHubTakesALeafWithItsCertificate(String hubKind, String leafKind) throws Exception {
        ClusterNode h = hub(hubKind, true);
        ClusterNode l = leaf(leafKind, h, "tls", true);
        connectedAndCarrying(h, l);
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aNatsLeafUrlWithATlsBlockUpgrades(String hubKind, String leafKind) throws Exception {
        ClusterNode h = hub(hubKind, false);
        ClusterNode l = leaf(leafKind, h, "nats-leaf", false);
        connectedAndCarrying(h, l);
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aLeafWithoutACertificateIsRefusedByAVerifyingHub(String hubKind, String leafKind) {
        ClusterNode h = hub(hubKind, true);
        ClusterNode l = leaf(leafKind, h, "tls", false);
        run.await(Duration.ofSeconds(10), () -> h.log().contains("TLS leafnode handshake error"),
                () -> "handshake refused:\n" + h.log());
        assertEquals(0, LeafNodeTest.leafCount(h));
        assertEquals(0, LeafNodeTest.leafCount(l));
    }
}
