package io.natsj.auth.nkey;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A CONNECT's credentials as the kernel would hand them over, for tests.
 *
 * @param nonce the nonce sent in INFO, as text, or null
 * @param nkey {@code nkey}, or null
 * @param signature {@code sig}, or null
 * @param user {@code user}, or null
 * @param noAuthUser true when the kernel substituted the no_auth_user into {@code user}
 */
record Connect(String nonce, String nkey, String signature, String user, boolean noAuthUser) {

    static Connect signed(String nonce, String nkey, String signature) {
        return new Connect(nonce, nkey, signature, null, false);
    }

    AuthRequest request() {
        Connect c = this;
        return new AuthRequest() {
            @Override
            public ListenerRole role() {
                return ListenerRole.CLIENT;
            }

            @Override
            public InetSocketAddress remoteAddress() {
                return new InetSocketAddress("127.0.0.1", 50000);
            }

            @Override
            public Optional<byte[]> nonce() {
                return Optional.ofNullable(c.nonce).map(n -> n.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public Optional<SSLSession> tlsSession() {
                return Optional.empty();
            }

            @Override
            public Optional<String> token() {
                return Optional.empty();
            }

            @Override
            public Optional<String> user() {
                return Optional.ofNullable(c.user);
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public Optional<String> nkey() {
                return Optional.ofNullable(c.nkey);
            }

            @Override
            public Optional<String> signature() {
                return Optional.ofNullable(c.signature);
            }

            @Override
            public Optional<String> jwt() {
                return Optional.empty();
            }

            @Override
            public boolean noAuthUser() {
                return c.noAuthUser;
            }
        };
    }
}
