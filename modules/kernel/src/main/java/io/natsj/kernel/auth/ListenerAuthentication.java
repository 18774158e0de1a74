package io.natsj.kernel.auth;

import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.transport.ListenerAuthorization;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authentication of a listener with settings of its own (nats-server's {@code websocket}
 * section), derived from the server's as nats-server 2.9.10 does for its websocket clients.
 *
 * <p>When the listener overrides (a user, a token or a {@code no_auth_user}), its clients must
 * authenticate even if the server's need not; the listener's user/password or token replace the
 * server's single user/password or token: the plain {@code authorization} providers (those
 * without keys of their own elsewhere: token, nkey) are asked to make an authenticator from the
 * listener's credentials instead, through the ordinary {@link AuthenticatorProvider#create};
 * the other authenticators (JWT, auth callout) stay. Its {@code no_auth_user} replaces the
 * server's, also when it has none. A {@code timeout} applies either way. Nothing here knows the
 * plugins: they only see an {@code authorization} section.
 */
public final class ListenerAuthentication {

    private ListenerAuthentication() {
    }

    /**
     * @param server the server's authentication
     * @param listener the listener's settings
     * @param providers the authentication plugins in this image
     * @return the authentication of the listener's clients
     * @throws PluginException with nats-server's message when the settings cannot go together
     */
    public static Authentication derive(Authentication server, ListenerAuthorization listener,
                                        List<AuthenticatorProvider> providers) {
        check(server, listener);
        java.time.Duration timeout = listener.timeout() != null ? listener.timeout() : server.timeout();
        if (!listener.overrides()) {
            return new Authentication(server.authenticators(), Map.of(), server.accounts(), timeout,
                    server.noAuthUser(), server.anonymousToGlobal());
        }
        List<Authenticator> found = new ArrayList<>();
        Map<Authenticator, AuthenticatorProvider> makers = new IdentityHashMap<>();
        if (listener.hasUserOrToken()) {
            for (Authenticator a : server.authenticators()) {
                if (!plain(server.maker(a))) {
                    found.add(a);
                }
            }
            for (AuthenticatorProvider p : providers) {
                if (plain(p)) {
                    p.create(AuthenticationConfig.request(listener.credentials())).ifPresent(a -> {
                        found.add(a);
                        makers.put(a, p);
                    });
                }
            }
            if (found.isEmpty()) {
                throw new PluginException(listener.section() + ".authorization: no authentication plugin in this"
                        + " runtime image serves a user or token (token)");
            }
        } else {
            found.addAll(server.authenticators());
        }
        return new Authentication(AuthenticationConfig.ordered(found), makers, server.accounts(), timeout,
                listener.noAuthUser(), false);
    }

    /** nats-server's validateWebsocketOptions, with its messages. */
    private static void check(Authentication server, ListenerAuthorization listener) {
        String noAuthUser = listener.noAuthUser();
        if (noAuthUser != null) {
            if (server.resolvesAccounts()) {
                throw new PluginException("no_auth_user not compatible with Trusted Operator");
            }
            java.util.Set<String> users = server.userNames();
            if (users.isEmpty()) {
                throw new PluginException("no_auth_user: \"" + noAuthUser + "\" present, but users are not defined");
            }
            if (!users.contains(noAuthUser)) {
                throw new PluginException("no_auth_user: \"" + noAuthUser
                        + "\" not present as user in authorization block or account configuration");
            }
        }
        if (listener.hasUserOrToken() && server.authenticators().stream().anyMatch(Authenticator::listsUsers)) {
            String what = hasUser(listener) ? "username" : "token"; // nats-server checks the user first
            throw new PluginException(listener.section() + " authentication " + what
                    + " not compatible with presence of users/nkeys");
        }
        if (listener.jwtCookie() != null && !server.resolvesAccounts()) {
            throw new PluginException("trusted operators or trusted keys configuration is required for JWT"
                    + " authentication via cookie \"" + listener.jwtCookie() + "\"");
        }
    }

    private static boolean hasUser(ListenerAuthorization listener) {
        return listener.credentials().root().keySet().stream()
                .anyMatch(k -> k.equalsIgnoreCase("user") || k.equalsIgnoreCase("username"));
    }

    /** @return true for a provider of the plain {@code authorization} block (token, nkey) */
    private static boolean plain(AuthenticatorProvider p) {
        return p != null && p.configKey().equalsIgnoreCase("authorization") && p.otherKeys().isEmpty()
                && p.authorizationKeys().isEmpty();
    }
}
