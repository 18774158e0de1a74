package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * nats-server's {@code cipher_suites} names (Go's {@code crypto/tls} names) and the JSSE names
 * they stand for. Both use the IANA names, so the table mostly maps a name to itself; it exists
 * to know which names nats-server accepts and which it calls insecure.
 */
final class CipherSuites {

    /** The TLS 1.3 suites: Go ignores them in {@code cipher_suites} and always enables them. */
    static final List<String> TLS13 = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** Go's {@code tls.CipherSuites()} that are not TLS 1.3 ones. */
    private static final Set<String> SECURE = Set.of(
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Go's {@code tls.InsecureCipherSuites()}: need {@code allow_insecure_cipher_suites}. */
    private static final Set<String> INSECURE = Set.of(
            "TLS_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");

    /**
     * Names that differ: the short CHACHA20 names nats-server 2.9 accepted, and the suites JSSE
     * still spells with the historical {@code SSL_} prefix.
     */
    private static final Map<String, String> RENAMED = Map.of(
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_RSA_WITH_RC4_128_SHA", "SSL_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA");

    private CipherSuites() {
    }

    /**
     * Translates a {@code cipher_suites} list to the suites to enable in JSSE.
     *
     * @param names the configured names, in preference order
     * @param allowInsecure the {@code allow_insecure_cipher_suites} flag
     * @param key the config path of the list, for messages
     * @return the JSSE suites: the configured TLS 1.2 ones, then all TLS 1.3 ones (as Go does)
     */
    static List<String> toJava(List<String> names, boolean allowInsecure, String key) {
        Set<String> supported = supported();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<String> insecure = new ArrayList<>();
        for (String name : names) {
            boolean known = SECURE.contains(name) || INSECURE.contains(name)
                    || TLS13.contains(name) || RENAMED.containsKey(name);
            if (!known) {
                throw new PluginException(key + ": unrecognized cipher " + name);
            }
            if (INSECURE.contains(name)) {
                insecure.add(name);
            }
            if (TLS13.contains(name)) {
                continue;
            }
            String java = RENAMED.getOrDefault(name, name);
            if (!supported.contains(java)) {
                throw new PluginException(key + ": cipher " + name + " is not available in this"
                        + " JVM (not implemented, or disabled by jdk.tls.disabledAlgorithms)");
            }
            out.add(java);
        }
        if (!allowInsecure && !insecure.isEmpty()) {
            throw new PluginException(key + ": insecure cipher suites configured without "
                    + "'allow_insecure_cipher_suites' option set: " + String.join(", ", insecure));
        }
        for (String suite : TLS13) {
            if (supported.contains(suite)) {
                out.add(suite);
            }
        }
        return List.copyOf(out);
    }

    private static Set<String> supported() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new PluginException("no TLS implementation in this JVM", e);
        }
    }
}
