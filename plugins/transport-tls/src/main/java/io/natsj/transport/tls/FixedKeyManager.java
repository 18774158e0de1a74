package io.natsj.transport.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The one key and certificate chain of a {@code tls { }} block, offered to the JDK's TLS engine
 * without a key store.
 *
 * <p>Why not a {@code KeyManagerFactory}: it only takes a {@code KeyStore}, and a PKCS#12 store
 * encrypts a private key as it is stored and decrypts it as it is read, each time with 10,000
 * rounds of PBKDF2. That cost a TLS listener about 80 ms of start-up and, because the rounds
 * make SHA-256 hot, much more in JIT compilation. The key is offered for the handshake types
 * that its algorithm can serve ({@code RSA}, {@code EC}, {@code EdDSA}, or TLS 1.2's
 * {@code EC_RSA}-style key exchange types by their first part), as the JDK's own key managers do.
 */
final class FixedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "natsj";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    FixedKeyManager(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain.toArray(X509Certificate[]::new);
    }

    private boolean fits(String keyType) {
        if (keyType == null) {
            return false;
        }
        int underscore = keyType.indexOf('_');
        String algorithm = underscore < 0 ? keyType : keyType.substring(0, underscore);
        return algorithm.equals(key.getAlgorithm())
                || algorithm.equals("EdDSA") && key.getAlgorithm().startsWith("Ed");
    }

    private String[] aliases(String keyType) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    private String choose(String[] keyTypes) {
        if (keyTypes != null) {
            for (String type : keyTypes) {
                if (fits(type)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
