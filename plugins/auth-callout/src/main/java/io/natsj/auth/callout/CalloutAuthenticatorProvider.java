package io.natsj.auth.callout;

import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.AuthenticatorRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Auth callout in config mode: {@code authorization { auth_callout { issuer, account,
 * auth_users } }}. The users of {@code auth_users} (the service's own, among the users lists)
 * are authenticated by the other plugins; every other client by the service. In operator mode
 * the account JWTs name their callouts ({@code authorization { auth_users, allowed_accounts,
 * xkey }}), served by the authenticator of {@link #createForResolvedAccounts}; a callout in the
 * configuration is refused there, as by nats-server.
 */
public final class CalloutAuthenticatorProvider implements AuthenticatorProvider {

    /** The plugin's short name. */
    public static final String NAME = "callout";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public CalloutAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configKey() {
        return "authorization";
    }

    @Override
    public Set<String> authorizationKeys() {
        return Set.of("auth_callout", "auth_hook");
    }

    /**
     * @param request the {@code authorization} block
     * @return the authenticator, or empty when the block has no {@code auth_callout}
     * @throws io.natsj.spi.PluginException naming the key when the block is wrong
     */
    @Override
    public Optional<Authenticator> create(AuthenticatorRequest request) {
        CalloutSettings settings = CalloutSettings.read(request.config());
        return settings == null ? Optional.empty() : Optional.of(new CalloutAuthenticator(settings));
    }

    /**
     * Operator mode: the authenticator that serves the accounts whose JWTs name a callout
     * ({@code authorization.auth_users}), waiting for answers as long as the authorization
     * {@code timeout}.
     *
     * @param request the {@code authorization} block, usually empty
     * @return the authenticator
     */
    @Override
    public Optional<Authenticator> createForResolvedAccounts(AuthenticatorRequest request) {
        return Optional.of(new AccountCalloutAuthenticator(CalloutSettings.timeout(request.config())));
    }
}
