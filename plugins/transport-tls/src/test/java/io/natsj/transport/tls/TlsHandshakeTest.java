package io.natsj.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Real handshakes between a Netty server using the plugin's handlers and a JSSE client. */
class TlsHandshakeTest {

    private static final String CLIENT_CERT = "client-cert.pem";
    private static final String CLIENT_KEY = "client-key.pem";

    @Test
    void verifiedClientCertificateIsAccepted() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", verify: true");
        assertTrue(tls.verifyClients());
        assertFalse(tls.handshakeFirst());
        assertEquals(Duration.ofSeconds(2), tls.handshakeTimeout());
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(),
                        TestCerts.clientContext(CLIENT_CERT, CLIENT_KEY), s -> { })) {
            assertEquals(EchoServer.INFO.strip(), client.info.strip(), "INFO goes out in clear");
            assertEquals("PING\n", client.echo("PING"));
            SSLSession session = server.handshake.get(5, TimeUnit.SECONDS);
            assertEquals("TLSv1.3", session.getProtocol());
            // verify alone does not map users.
            assertEquals(Optional.empty(), tls.mappedUser(session, List.of("derek@nats.io")));
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenVerifying() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", verify: true");
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(),
                        TestCerts.clientContext(null, null), s -> { })) {
            // With TLS 1.3 the client may finish its side first; the refusal shows on first use.
            assertThrows(IOException.class, () -> client.echo("PING"));
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> server.handshake.get(5, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof javax.net.ssl.SSLException, failed.toString());
        }
    }

    @Test
    void clientWithoutCertificateIsAcceptedWithoutVerify() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER);
        assertFalse(tls.verifyClients());
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(),
                        TestCerts.clientContext(null, null), s -> { })) {
            assertEquals("hello\n", client.echo("hello"));
        }
    }

    @Test
    void verifyAndMapNamesTheUserFromTheCertificate() throws Exception {
        // test/configs/tls_cert_id.conf: the client certificate's e-mail SAN is the user.
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", verify_and_map: true");
        assertTrue(tls.verifyClients(), "verify_and_map implies verify");
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(),
                        TestCerts.clientContext(CLIENT_CERT, CLIENT_KEY), s -> { })) {
            assertEquals("x\n", client.echo("x"));
            SSLSession session = server.handshake.get(5, TimeUnit.SECONDS);
            assertEquals(Optional.of("derek@nats.io"),
                    tls.mappedUser(session, List.of("alice", "derek@nats.io")));
            assertEquals(Optional.of("CN=localhost,OU=nats.io,O=Synadia,ST=California,C=US"),
                    tls.mappedUser(session, List.of("CN=localhost,OU=nats.io,O=Synadia,ST=California,C=US")));
            assertEquals(Optional.empty(), tls.mappedUser(session, List.of("alice")));
        }
    }

    @Test
    void cipherSuitesRestrictTls12Negotiation() throws Exception {
        String suite = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER
                + ", cipher_suites: [\"" + suite + "\"]");
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), TestCerts.clientContext(null, null),
                        s -> s.setEnabledProtocols(new String[] {"TLSv1.2"}))) {
            assertEquals("x\n", client.echo("x"));
            assertEquals(suite, client.tls.getSession().getCipherSuite());
        }
        // A client offering none of the configured suites is refused.
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), TestCerts.clientContext(null, null),
                        s -> {
                            s.setEnabledProtocols(new String[] {"TLSv1.2"});
                            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
                        })) {
            assertThrows(IOException.class, () -> client.echo("x"));
        }
    }

    @Test
    void curvePreferencesRestrictKeyExchangeGroups() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", curve_preferences: [CurveP384]");
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), TestCerts.clientContext(null, null),
                        s -> groups(s, "x25519", "secp384r1"))) {
            assertEquals("x\n", client.echo("x"));
        }
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), TestCerts.clientContext(null, null),
                        s -> groups(s, "x25519", "secp256r1"))) {
            assertThrows(IOException.class, () -> client.echo("x"));
        }
    }

    @Test
    void minVersionRefusesOlderClients() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", min_version: \"1.3\"");
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), TestCerts.clientContext(null, null),
                        s -> s.setEnabledProtocols(new String[] {"TLSv1.2"}))) {
            assertThrows(IOException.class, () -> client.echo("x"));
        }
    }

    @Test
    void handshakeTimeoutClosesAnIdleClient() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", timeout: \"300ms\"");
        assertEquals(Duration.ofMillis(300), tls.handshakeTimeout());
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), TestCerts.clientContext(null, null),
                        s -> { })) {
            // Never start the handshake: the server must give up and close the connection.
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> server.handshake.get(5, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof SslHandshakeTimeoutException, failed.toString());
            assertTrue(closedByServer(client), "the server closes the connection");
        }
    }

    @Test
    void handshakeFirstEncryptsFromTheFirstByte() throws Exception {
        NatsTlsContext tls = TestCerts.server(TestCerts.SERVER + ", handshake_first: true");
        assertTrue(tls.handshakeFirst());
        SSLContext context = TestCerts.clientContext(null, null);
        try (EchoServer server = new EchoServer(tls);
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream().write("hi\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("hi\n", TlsClient.readLine(socket.getInputStream()));
        }
    }

    @Test
    void ed25519ServerKeyWorks() throws Exception {
        NatsTlsContext tls = TestCerts.server("cert_file: @ed25519/benchmark-server-cert-ed25519.pem,"
                + " key_file: @ed25519/benchmark-server-key-ed25519.pem");
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (EchoServer server = new EchoServer(tls);
                TlsClient client = new TlsClient(server.port(), trustAll, s -> { })) {
            assertEquals("x\n", client.echo("x"));
        }
    }

    /** Drains the plain socket under the TLS one (perhaps an alert) until the server's FIN. */
    private static boolean closedByServer(TlsClient client) throws IOException {
        try {
            java.io.InputStream in = client.plain.getInputStream();
            while (in.read() >= 0) {
                // Skip whatever the server sent before closing.
            }
            return true;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static void groups(SSLSocket socket, String... groups) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setNamedGroups(groups);
        socket.setSSLParameters(parameters);
    }
}
