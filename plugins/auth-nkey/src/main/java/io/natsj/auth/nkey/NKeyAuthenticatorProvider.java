package io.natsj.auth.nkey;

import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.AuthenticatorRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * NKey authentication ({@code nkey}): users listed as {@code {nkey: "U…", permissions: …}} in
 * {@code authorization.users} or in an account's {@code users} prove who they are by signing
 * the nonce of the server's INFO with their private key.
 */
public final class NKeyAuthenticatorProvider implements AuthenticatorProvider {

    /** The plugin's short name. */
    public static final String NAME = "nkey";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NKeyAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configKey() {
        return "authorization";
    }

    /**
     * @param request the {@code authorization} and {@code accounts} sections
     * @return the authenticator (which needs a nonce in INFO), or empty when no NKey user is
     *         configured
     * @throws io.natsj.spi.PluginException naming the entry when an NKey user is invalid
     */
    @Override
    public Optional<Authenticator> create(AuthenticatorRequest request) {
        Objects.requireNonNull(request, "request");
        List<NKeyUser> users = NKeyUserEntries.read(request.config(), request.accounts());
        return users.isEmpty() ? Optional.empty() : Optional.of(new NKeyAuthenticator(users));
    }
}
