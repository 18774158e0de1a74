package io.natsj.auth.jwt;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.transport.ListenerRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A CONNECT with a user JWT, as the kernel would hand it over, for tests.
 *
 * @param jwt {@code jwt}, or null
 * @param signature {@code sig}, or null
 * @param nonce the nonce sent in INFO, or null
 * @param host the client's address
 * @param connectionType the connection type
 */
record Connect(String jwt, String signature, String nonce, String host, String connectionType) {

    static Connect of(String jwt, String signature, String nonce) {
        return new Connect(jwt, signature, nonce, "127.0.0.1", "STANDARD");
    }

    Connect from(String address) {
        return new Connect(jwt, signature, nonce, address, connectionType);
    }

    Connect over(String type) {
        return new Connect(jwt, signature, nonce, host, type);
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
                return new InetSocketAddress(c.host, 50000);
            }

            @Override
            public Optional<byte[]> nonce() {
                return Optional.ofNullable(c.nonce).map(n -> n.getBytes(StandardCharsets.US_ASCII));
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
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public Optional<String> nkey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> signature() {
                return Optional.ofNullable(c.signature);
            }

            @Override
            public Optional<String> jwt() {
                return Optional.ofNullable(c.jwt);
            }

            @Override
            public String connectionType() {
                return c.connectionType;
            }

            @Override
            public boolean noAuthUser() {
                return false;
            }
        };
    }
}
