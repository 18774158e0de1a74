package io.natsj.transport.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.tls.TlsRequest;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test fixtures: the copied nats-server certificates, tls blocks and client SSL contexts. */
final class TestCerts {

    private TestCerts() {
    }

    /** @return the path of a file under {@code src/test/resources/certs} */
    static Path path(String name) {
        URL url = TestCerts.class.getResource("/certs/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource certs/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code text} as a HOCON block, with {@code @name} replaced by resource paths */
    static Config block(String text) {
        StringBuilder out = new StringBuilder();
        for (String part : text.split("(?=@)")) {
            if (part.startsWith("@")) {
                int end = 1;
                while (end < part.length() && " ,\n}".indexOf(part.charAt(end)) < 0) {
                    end++;
                }
                out.append('"').append(path(part.substring(1, end))).append('"')
                        .append(part.substring(end));
            } else {
                out.append(part);
            }
        }
        return ConfigFactory.parseString(out.toString());
    }

    /** A request as the kernel would make it. */
    record Request(Config config, String path, boolean server) implements TlsRequest {
    }

    /** @return a server context for the block, at path {@code tls} */
    static NatsTlsContext server(String block) {
        TlsContext context = new TlsContextProvider().create(new Request(block(block), "tls", true));
        return (NatsTlsContext) context;
    }

    /** The standard server block: localhost certificate, clients verified against ca.pem. */
    static final String SERVER = "cert_file: @server-cert.pem, key_file: @server-key.pem,"
            + " ca_file: @ca.pem, timeout: 2";

    /**
     * @param certName a certificate under certs/, or null for no client certificate
     * @param keyName its key
     * @return a client SSLContext trusting ca.pem
     */
    static SSLContext clientContext(String certName, String keyName) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : PemFiles.certificates(path("ca.pem"), "ca")) {
            trust.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        KeyManagerFactory kmf = null;
        if (certName != null) {
            List<X509Certificate> chain = PemFiles.certificates(path(certName), "cert");
            PrivateKey key = PemFiles.privateKey(path(keyName), "key");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, new char[0], chain.toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
