package io.natsj.transport.tls;

import io.natsj.spi.PluginException;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * nats-server's {@code curve_preferences} names (Go's {@code tls.CurveID} names) and the JSSE
 * named groups they stand for, set per engine through {@code SSLParameters.setNamedGroups}.
 *
 * <p>Without {@code curve_preferences} the JDK's own default groups are left in place: they
 * cover Go's defaults (X25519, P-256, P-384, P-521) and also the finite-field groups the JDK's
 * DHE suites need.
 */
final class NamedGroups {

    /** Go name to JSSE name; the hybrid post-quantum groups keep their names in both. */
    private static final Map<String, String> GROUPS = Map.of(
            "X25519", "x25519",
            "CurveP256", "secp256r1",
            "CurveP384", "secp384r1",
            "CurveP521", "secp521r1",
            "X25519MLKEM768", "X25519MLKEM768",
            "SecP256r1MLKEM768", "SecP256r1MLKEM768",
            "SecP384r1MLKEM1024", "SecP384r1MLKEM1024");

    private NamedGroups() {
    }

    /**
     * @param names the configured curve names, in preference order
     * @param key the config path of the list, for messages
     * @return the JSSE named groups
     */
    static List<String> toJava(List<String> names, String key) {
        Set<String> available = available();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String name : names) {
            String java = GROUPS.get(name);
            if (java == null) {
                throw new PluginException(key + ": unrecognized curve preference " + name);
            }
            if (!available.contains(java)) {
                throw new PluginException(key + ": curve preference " + name
                        + " is not available in this JVM");
            }
            out.add(java);
        }
        return List.copyOf(out);
    }

    private static Set<String> available() {
        try {
            return Set.of(SSLContext.getDefault().getDefaultSSLParameters().getNamedGroups());
        } catch (NoSuchAlgorithmException e) {
            throw new PluginException("no TLS implementation in this JVM", e);
        }
    }
}
