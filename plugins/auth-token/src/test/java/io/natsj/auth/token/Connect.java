package io.natsj.auth.token;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A CONNECT's credentials as the kernel would hand them over, for tests.
 *
 * @param token {@code auth_token}, or null
 * @param user {@code user}, or null
 * @param password {@code pass}, or null
 * @param nkey {@code nkey}, or null
 * @param noAuthUser true when the kernel substituted the no_auth_user
 */
record Connect(String token, String user, String password, String nkey, boolean noAuthUser) {

    static Connect token(String token) {
        return new Connect(token, null, null, null, false);
    }

    static Connect user(String user, String password) {
        return new Connect(null, user, password, null, false);
    }

    static Connect nkey(String nkey) {
        return new Connect(null, null, null, nkey, false);
    }

    static Connect nothing() {
        return new Connect(null, null, null, null, false);
    }

    static Connect noAuthUser(String user) {
        return new Connect(null, user, null, null, true);
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
                return Optional.empty();
            }

            @Override
            public Optional<SSLSession> tlsSession() {
                return Optional.empty();
            }

            @Override
            public Optional<String> token() {
                return Optional.ofNullable(c.token);
            }

            @Override
            public Optional<String> user() {
                return Optional.ofNullable(c.user);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(c.password);
            }

            @Override
            public Optional<String> nkey() {
                return Optional.ofNullable(c.nkey);
            }

            @Override
            public Optional<String> signature() {
                return Optional.empty();
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
