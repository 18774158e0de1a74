package io.natsj.spi.transport;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * A client listener's own authentication settings, as nats-server 2.9.10 reads them in its
 * {@code websocket} section ({@code authorization { user, password, token, timeout }},
 * {@code no_auth_user}, {@code jwt_cookie}). A transport reads them from its section
 * ({@link TransportProvider#authorization}); the kernel applies them to the clients of that
 * listener, handing the credentials to the authentication plugins through the ordinary auth SPI
 * ({@code AuthenticatorProvider.create}) in place of the server's single user/password/token.
 *
 * <p>nats-server's rules, which the kernel follows: the listener <em>overrides</em> the
 * server's authentication when it names a user, a token or a {@code no_auth_user}; its clients
 * must then authenticate even when the server's do not, against the listener's user/password
 * or token instead of the server's, with the listener's {@code no_auth_user} (or none) instead
 * of the server's. The server's users, NKey users and JWTs still apply (a listener user or
 * token next to users or NKey users is refused at start-up). A {@code timeout} applies to the
 * listener's clients whether it overrides or not.
 *
 * @param section the listener's section name ({@code websocket}), for nats-server's messages
 * @param credentials the {@code user}/{@code username}, {@code password}/{@code pass} and
 *        {@code token} keys, under the names the {@code authorization} block uses; empty when
 *        the listener names none
 * @param noAuthUser the user a client without credentials connects as, or null
 * @param timeout how long the listener's clients have to authenticate, or null for the
 *        server's {@code authorization.timeout}
 * @param jwtCookie the name of the HTTP cookie whose value is a client's user JWT when its
 *        CONNECT has none (operator mode only), or null; the transport reads the cookie and
 *        hands it over in {@link ConnectionInitializer.ConnectionRequest#cookieJwt()}
 * @param leafConnectionType the connection type ({@code LEAFNODE_WS}) of the leaf nodes the
 *        listener takes, whose {@code no_auth_user} is the listener's when it names one (as
 *        nats-server's websocket leaf nodes), or null
 */
public record ListenerAuthorization(String section, Config credentials, String noAuthUser, Duration timeout,
                                    String jwtCookie, String leafConnectionType) {

    /** Checks the required fields. */
    public ListenerAuthorization {
        Objects.requireNonNull(section, "section");
        credentials = credentials == null ? ConfigFactory.empty() : credentials;
    }

    /**
     * @return true when the listener replaces the server's authentication for its clients
     *         (nats-server's {@code authOverride}: a user, a token or a {@code no_auth_user})
     */
    public boolean overrides() {
        return hasUserOrToken() || noAuthUser != null;
    }

    /** @return true when the listener names a user or a token of its own */
    public boolean hasUserOrToken() {
        return !credentials.isEmpty();
    }

    /** @return true when the listener's settings change nothing */
    public boolean isEmpty() {
        return !overrides() && timeout == null && jwtCookie == null;
    }
}
