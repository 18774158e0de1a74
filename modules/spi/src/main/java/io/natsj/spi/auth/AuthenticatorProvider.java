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
}
