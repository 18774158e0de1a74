package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks client certificates with the JDK's PKIX trust manager and leaves the verified session
 * unresumable, so every handshake of a client is a full one with its certificate checked
 * again, as nats-server does. The JDK resumes a session (a TLS 1.3 ticket, a TLS 1.2 session
 * id) without looking at the client's certificate again, which let a client whose
 * certificate had expired since its first handshake back in. An invalidated handshake session
 * gets no ticket and no place in the session cache; the connection itself is unaffected.
 */
final class FullHandshakeTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;

    private FullHandshakeTrustManager(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    /**
     * @param pkix the JDK's trust managers over the trusted certificates ({@link TrustedCertificates})
     * @param path the block's path, for errors
     * @return a trust manager for a listener with {@code verify}
     */
    static FullHandshakeTrustManager wrapping(TrustManager[] pkix, String path) {
        for (TrustManager tm : pkix) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                return new FullHandshakeTrustManager(x509);
            }
        }
        throw new PluginException(path + ": the JDK has no X.509 trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        noResumption(engine.getHandshakeSession());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        if (socket instanceof SSLSocket ssl) {
            noResumption(ssl.getHandshakeSession());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    private static void noResumption(SSLSession handshake) {
        if (handshake != null) {
            handshake.invalidate();
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
