package io.natsj.tests.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import io.natsj.tests.support.TestCertificates;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A client certificate that has expired is refused on every handshake, also when the client
 * offers to resume a TLS session made while the certificate was valid: session resumption
 * must not skip {@code verify}.
 */
class ExpiredCertificateTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @AllTargets
    void expiredCertificateIsRefusedWhenTheSessionIsResumedToo(Target target) throws Exception {
        Path dir = Files.createTempDirectory("natsj-expiry");
        try {
            TestCertificates.Issued ca = TestCertificates.authority("natsj expiry test CA");
            Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.pem());
            String config = "tls { cert_file: \"" + TlsTest.cert("server-cert.pem") + "\", key_file: \""
                    + TlsTest.cert("server-key.pem") + "\", ca_file: \"" + caFile + "\", verify: true, timeout: 2 }";
            try (ServerUnderTest server = target.start(config)) {
                Instant notAfter = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
                TestCertificates.Issued client = TestCertificates.client("expiring", ca, notAfter);
                // One SSLContext keeps the client's session cache: the later handshakes offer to
                // resume the first one's session.
                SSLContext resuming = clientContext(client, ca);
                assertTrue(admitted(server, resuming), "certificate valid");
                assertTrue(admitted(server, resuming), "certificate valid, session resumed");
                awaitPast(notAfter.plusMillis(500));
                assertFalse(admitted(server, resuming), "certificate expired, session resumable");
                assertFalse(admitted(server, clientContext(client, ca)), "certificate expired, new session");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static SSLContext clientContext(TestCertificates.Issued client, TestCertificates.Issued ca) throws Exception {
        return ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(new File(TlsTest.cert("ca.pem")))
                .keyManager(client.key(), client.certificate(), ca.certificate())
                .build()).context();
    }

    /** Waits on the clock (no fixed sleep) until {@code instant} has passed. */
    private static void awaitPast(Instant instant) throws InterruptedException {
        Instant deadline = instant.plusSeconds(10);
        while (!Instant.now().isAfter(instant)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("clock did not pass " + instant);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Reads INFO in clear, starts TLS on the same socket, sends CONNECT and PING.
     *
     * @return true when the server answers PONG; false when the handshake fails or the server
     *         closes the connection
     */
    private static boolean admitted(ServerUnderTest server, SSLContext context) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) TIMEOUT.toMillis());
            plain.setTcpNoDelay(true);
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            readInfo(plain.getInputStream());
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, "127.0.0.1", server.port(), true)) {
                tls.startHandshake();
                tls.getOutputStream().write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                return "PONG".equals(in.readLine());
            }
        } catch (IOException refused) {
            return false;
        }
    }

    /** Reads the INFO line byte by byte, so nothing of the TLS stream is consumed. */
    private static void readInfo(InputStream in) throws IOException {
        int prev = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (prev == '\r' && b == '\n') {
                return;
            }
            prev = b;
        }
        throw new IOException("closed before INFO");
    }
}
