package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS on the client listener: INFO stays plain and says {@code tls_required}; a client that
 * does not start TLS is closed without a word; with {@code verify} a client certificate is
 * required; with {@code allow_non_tls} INFO says {@code tls_available} and the client chooses.
 */
class TlsTest {

    static String cert(String name) {
        try {
            return new File(TlsTest.class.getResource("/certs/" + name).toURI()).getAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tlsBlock(boolean verify) {
        return "tls { cert_file: \"" + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem")
                + "\", ca_file: \"" + cert("ca.pem") + "\"" + (verify ? ", verify: true" : "") + ", timeout: 2 }";
    }

    private static SSLContext clientContext(boolean withCertificate) throws Exception {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(new File(cert("ca.pem")));
        if (withCertificate) {
            b.keyManager(new File(cert("client-cert.pem")), new File(cert("client-key.pem")));
        }
        return ((JdkSslContext) b.build()).context();
    }

    private static Connection connect(ServerUnderTest server, SSLContext ctx) throws Exception {
        return connect(server, ctx, Duration.ofSeconds(3));
    }

    /** A connection the server refuses ends in a failed handshake; no need to wait long for it. */
    private static void refused(ServerUnderTest server, SSLContext ctx) {
        assertThrows(Exception.class, () -> connect(server, ctx, Duration.ofMillis(750)).close());
    }

    private static Connection connect(ServerUnderTest server, SSLContext ctx, Duration timeout) throws Exception {
        return Nats.connect(Options.builder().server("tls://127.0.0.1:" + server.port()).sslContext(ctx)
                .connectionTimeout(timeout).maxReconnects(0).build());
    }

    @AllTargets
    void plainClientIsClosedWithoutAWord(Target target) {
        try (ServerUnderTest server = target.start(tlsBlock(false));
                RawClient plain = RawClient.open(server)) {
            assertTrue(plain.info().contains("\"tls_required\":true"), plain.info());
            plain.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            assertEquals("", plain.readUntilClosed(Duration.ofSeconds(5)));
        }
    }

    @AllTargets
    void tlsClientExchangesMessages(Target target) throws Exception {
        try (ServerUnderTest server = target.start(tlsBlock(false));
                Connection nc = connect(server, clientContext(false))) {
            var sub = nc.subscribe("secure");
            nc.publish("secure", "hi".getBytes(StandardCharsets.UTF_8));
            assertEquals("hi", new String(sub.nextMessage(Duration.ofSeconds(3)).getData(), StandardCharsets.UTF_8));
        }
    }

    @AllTargets
    void verifyRequiresAClientCertificate(Target target) throws Exception {
        try (ServerUnderTest server = target.start(tlsBlock(true))) {
            refused(server, clientContext(false));
            try (Connection nc = connect(server, clientContext(true))) {
                nc.flush(Duration.ofSeconds(3));
            }
        }
    }

    @AllTargets
    void allowNonTlsLetsTheClientChoose(Target target) throws Exception {
        try (ServerUnderTest server = target.start(tlsBlock(false) + "\nallow_non_tls: true")) {
            try (RawClient plain = RawClient.connect(server)) {
                assertTrue(plain.info().contains("\"tls_available\":true"), plain.info());
                assertFalse(plain.info().contains("tls_required"), plain.info());
                assertFalse(plain.info().contains("tls_verify"), plain.info());
                plain.send("SUB plain 1\r\n").sync();
                try (Connection tls = connect(server, clientContext(false))) {
                    tls.publish("plain", "over tls".getBytes(StandardCharsets.UTF_8));
                    tls.flush(Duration.ofSeconds(3));
                }
                plain.expectFrame("MSG plain 1 8", "over tls");
            }
            // Starting TLS after INFO on a raw socket works as with tls_required.
            assertEquals("PONG", rawTls(server, clientContext(false)));
            try (Connection nc = Nats.connect(Options.builder().server(server.clientUrl())
                    .connectionTimeout(Duration.ofSeconds(3)).maxReconnects(0).build())) {
                nc.flush(Duration.ofSeconds(3));
            }
        }
    }

    @AllTargets
    void allowNonTlsWithVerifyStillAdmitsPlainClients(Target target) throws Exception {
        try (ServerUnderTest server = target.start(tlsBlock(true) + "\nallow_non_tls: true");
                RawClient plain = RawClient.connect(server)) {
            assertTrue(plain.info().contains("\"tls_verify\":true,\"tls_available\":true"), plain.info());
            // A TLS client still needs its certificate.
            refused(server, clientContext(false));
            try (Connection nc = connect(server, clientContext(true))) {
                nc.flush(Duration.ofSeconds(3));
            }
            plain.sync();
        }
    }

    /** Reads INFO in clear, starts TLS on the same socket, and returns the answer to CONNECT and PING. */
    private static String rawTls(ServerUnderTest server, SSLContext ctx) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            for (int prev = -1, b = in.read(); !(prev == '\r' && b == '\n'); prev = b, b = in.read()) {
                if (b < 0) {
                    throw new IllegalStateException("closed before INFO");
                }
            }
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, "127.0.0.1", server.port(), true)) {
                tls.getOutputStream().write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
                return new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8)).readLine();
            }
        }
    }

    private static String mapBlock(String users) {
        return "tls { cert_file: \"" + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem")
                + "\", ca_file: \"" + cert("ca.pem") + "\", verify_and_map: true }\n"
                + "authorization { users = [ " + users + " ] }";
    }

    @AllTargets
    void verifyAndMapMakesTheCertificateTheUser(Target target) throws Exception {
        // The client certificate's e-mail SAN is derek@nats.io; its permissions prove the mapping.
        String users = "{user: \"derek@nats.io\", permissions: {publish: {allow: [\"ok.>\"]}}}";
        try (ServerUnderTest server = target.start(mapBlock(users));
                Connection nc = connect(server, clientContext(true))) {
            var sub = nc.subscribe(">");
            nc.publish("no.1", "denied".getBytes(StandardCharsets.UTF_8));
            nc.publish("ok.1", "allowed".getBytes(StandardCharsets.UTF_8));
            assertEquals("ok.1", sub.nextMessage(Duration.ofSeconds(3)).getSubject());
        }
    }

    @AllTargets
    void verifyAndMapRefusesACertificateOfNoUser(Target target) throws Exception {
        try (ServerUnderTest server = target.start(mapBlock("{user: \"someone@else.io\"}"))) {
            refused(server, clientContext(true));
            // The server is unharmed: a mapped user on a fresh server would connect; here the
            // listener still answers the TLS handshake.
            try (RawClient raw = RawClient.open(server)) {
                assertTrue(raw.info().contains("\"tls_required\":true"), raw.info());
            }
        }
    }
}
