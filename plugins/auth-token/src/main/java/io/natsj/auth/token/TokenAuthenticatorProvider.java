package io.natsj.auth.token;

import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.AuthenticatorRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Token and user/password authentication ({@code token}), configured as nats-server configures
 * it in the {@code authorization} section:
 * <ul>
 *   <li>{@code token: "s3cr3t"} (or a bcrypt hash of it);</li>
 *   <li>{@code user}/{@code username} with {@code password}/{@code pass}: one user;</li>
 *   <li>{@code users: [{user, password, permissions}, …]}, plus the {@code users} of each
 *       account in the {@code accounts} section, with {@code default_permissions} for users
 *       without their own.</li>
 * </ul>
 * Passwords are plain text or bcrypt hashes. The combinations nats-server refuses are
 * refused at creation with its wording.
 */
public final class TokenAuthenticatorProvider implements AuthenticatorProvider {

    /** The plugin's short name. */
    public static final String NAME = "token";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public TokenAuthenticatorProvider() {
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
     * Checks the {@code authorization} section and the users of the {@code accounts} section.
     *
     * @param request the two sections
     * @return the authenticator; empty when neither a token nor any password user is
     *         configured (for example only NKey users)
     * @throws io.natsj.spi.PluginException naming the key when the configuration is invalid
     */
    @Override
    public Optional<Authenticator> create(AuthenticatorRequest request) {
        Objects.requireNonNull(request, "request");
        AuthorizationSection section = AuthorizationSection.read(request.config(), request.accounts());
        if (section.token() != null) {
            return Optional.of(new TokenAuthenticator(section.token()));
        }
        PasswordUser single = section.singleUser();
        if (single != null) {
            return Optional.of(new PasswordAuthenticator(List.of(single), false, false));
        }
        if (!section.users().isEmpty()) {
            return Optional.of(new PasswordAuthenticator(section.users(), true, section.hasNkeyUsers()));
        }
        return Optional.empty();
    }
}
