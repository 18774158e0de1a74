package io.natsj.spi.auth;

import java.util.Optional;

/**
 * A method of authentication. The kernel creates the authenticators of every provider whose
 * section is present and asks them in turn until one accepts or rejects.
 */
public interface AuthenticatorProvider extends io.natsj.spi.ConfiguredProvider {

    /**
     * @param request the provider's section
     * @return the authenticator, or empty when the section configures nothing for this method
     * @throws io.natsj.spi.PluginException when the section is invalid
     */
    Optional<Authenticator> create(AuthenticatorRequest request);

    /**
     * Keys inside the {@code authorization} block that belong to this provider alone
     * ({@code auth_callout}): the kernel removes them from the section it gives every other
     * provider, so that each reads only its own keys.
     *
     * @return the keys, lower case
     */
    default java.util.Set<String> authorizationKeys() {
        return java.util.Set.of();
    }

    /**
     * Called when another provider's authenticator resolves accounts (operator mode) and this
     * provider created none from its section: an authenticator that serves what account JWTs
     * declare (an auth callout named by an account JWT's {@code authorization} section) is
     * created here even when the configuration names nothing for it.
     *
     * @param request the provider's section, possibly empty
     * @return the authenticator, or empty (the default) when the provider has nothing to do
     *         for resolved accounts
     * @throws io.natsj.spi.PluginException when the section is invalid
     */
    default Optional<Authenticator> createForResolvedAccounts(AuthenticatorRequest request) {
        return Optional.empty();
    }
}
