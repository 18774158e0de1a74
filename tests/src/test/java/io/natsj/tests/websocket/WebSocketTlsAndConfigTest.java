package io.natsj.tests.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.net.URISyntaxException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * {@code wss://} with the section's own {@code tls} block, and the configurations both servers
 * refuse at startup.
 */
class WebSocketTlsAndConfigTest {

    private static String cert(String name) {
        try {
            return new File(WebSocketTlsAndConfigTest.class.getResource("/certs/" + name).toURI()).getAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With authentication, so that the credentials are checked on a TLS connection the kernel did not set up. */
    @AllTargets
    void wssWithTheSectionsOwnTls(Target target) throws Exception {
        int wsPort = WsServers.freePort();
        String config = "websocket { host: \"127.0.0.1\", port: " + wsPort + ", tls { cert_file: \""
                + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem") + "\" } }\n"
                + "authorization { user: wsuser, password: wspass }";
        SSLContext ctx = ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(new File(cert("ca.pem"))).build()).context();
        try (ServerUnderTest server = target.start(config);
             Connection wss = Nats.connect(Options.builder().server("wss://127.0.0.1:" + wsPort).sslContext(ctx).userInfo("wsuser", "wspass")
                     .connectionTimeout(Duration.ofSeconds(3)).noReconnect().build());
             Connection tcp = Nats.connect(Options.builder().server(server.clientUrl()).userInfo("wsuser", "wspass").noReconnect().build())) {
            Subscription sub = tcp.subscribe("secure");
            tcp.flush(Duration.ofSeconds(3));
            wss.publish("secure", "over wss".getBytes());
            Message m = sub.nextMessage(Duration.ofSeconds(3));
            assertEquals("over wss", new String(m.getData()));
        }
    }

    /**
     * The section's {@code verify_and_map}: a WebSocket client's certificate names its user (its
     * e-mail SAN here), whose permissions then apply; a certificate that names no user is refused.
     */
    @AllTargets
    void verifyAndMapOfTheSectionMakesTheCertificateTheUser(Target target) throws Exception {
        int wsPort = WsServers.freePort();
        String tls = "websocket { host: \"127.0.0.1\", port: " + wsPort + ", tls { cert_file: \""
                + cert("server-cert.pem") + "\", key_file: \"" + cert("server-key.pem") + "\", ca_file: \""
                + cert("ca.pem") + "\", verify_and_map: true } }\n";
        SSLContext ctx = ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(new File(cert("ca.pem")))
                .keyManager(new File(cert("client-cert.pem")), new File(cert("client-key.pem"))).build()).context();
        Options.Builder wss = Options.builder().server("wss://127.0.0.1:" + wsPort).sslContext(ctx)
                .connectionTimeout(Duration.ofSeconds(3)).noReconnect();
        String users = "authorization { users: [ {user: \"derek@nats.io\", permissions: {publish: {allow: [\"ok.>\"]}}},"
                + " {user: tcp, password: tcp} ] }";
        try (ServerUnderTest server = target.start(tls + users);
             Connection nc = Nats.connect(wss.build())) {
            Subscription sub = nc.subscribe(">");
            nc.publish("no.1", "denied".getBytes());
            nc.publish("ok.1", "allowed".getBytes());
            assertEquals("ok.1", sub.nextMessage(Duration.ofSeconds(3)).getSubject(), "derek's permissions apply");
        }
        try (ServerUnderTest server = target.start(tls + "authorization { users: [ {user: \"someone@else.io\"} ] }")) {
            Exception e = assertThrows(Exception.class, () -> Nats.connect(wss.build()).close());
            assertTrue(String.valueOf(e.getMessage()).contains("Authorization Violation"), e.getMessage());
        }
    }

    @AllTargets
    void webSocketWithoutTlsNeedsNoTls(Target target) {
        Exception e = assertThrows(Exception.class,
                () -> target.start("websocket { port: " + WsServers.freePort() + " }").close());
        assertTrue(String.valueOf(e.getMessage()).contains("websocket requires TLS configuration"), e.getMessage());
    }
}
