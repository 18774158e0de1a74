package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The JDK's PKIX trust managers over a block's {@code ca_file}, or over the JDK's trust store. */
final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /**
     * @param authorities the certificates to trust, or null for the JDK's trust store
     * @param path the block's path, for errors
     * @return the trust managers
     * @throws PluginException when the JDK refuses them
     */
    static TrustManager[] of(List<X509Certificate> authorities, String path) {
        try {
            KeyStore store = null;
            if (authorities != null) {
                // Certificate entries are stored as they are: no key protection, no PBKDF2.
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < authorities.size(); i++) {
                    store.setCertificateEntry("ca-" + i, authorities.get(i));
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new PluginException(path + ": can't set up the trusted certificates: " + e.getMessage(), e);
        }
    }
}
