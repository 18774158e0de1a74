package io.natsj.auth.jwt;

import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.AuthenticatorRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * JWT authentication ({@code jwt}), nats-server's operator mode: {@code operator} names the
 * trusted operators, {@code resolver} ({@code MEMORY} with {@code resolver_preload}, a directory
 * or an account server URL) holds the account JWTs, and clients connect with a user JWT and a signature of the INFO nonce (a creds file).
 */
public final class JwtAuthenticatorProvider implements AuthenticatorProvider {

    /** The plugin's short name. */
    public static final String NAME = "jwt";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public JwtAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String configKey() {
        return "operator";
    }

    @Override
    public Set<String> otherKeys() {
        return Set.of("operators", "roots", "root", "root_operators", "root_operator", "resolver",
                "account_resolver", "accounts_resolver", "resolver_preload", "system_account", "system", "trusted", "trusted_keys");
    }

    /**
     * @param request the operator keys (each under its own name) and the {@code accounts} section
     * @return the authenticator, or empty when no operator is configured
     * @throws io.natsj.spi.PluginException naming the key when the operator configuration is invalid
     */
    @Override
    public Optional<Authenticator> create(AuthenticatorRequest request) {
        Objects.requireNonNull(request, "request");
        JwtSettings settings = JwtSettings.read(request.config(), request.accounts());
        if (settings == null) {
            return Optional.empty();
        }
        AccountResolver resolver = settings.resolver();
        for (Map.Entry<String, String> e : settings.preload().entrySet()) {
            resolver.store(e.getKey(), e.getValue());
        }
        TrustedAccounts accounts = new TrustedAccounts(settings.trustedKeys(), resolver,
                new AccountExpiry(Clock.systemUTC()));
        UserVerifier verifier = new UserVerifier(accounts, Clock.systemUTC());
        DirSync sync = resolver instanceof DirResolver dir ? new DirSync(dir, accounts) : null;
        return Optional.of(new JwtAuthenticator(verifier, settings.systemAccount(),
                new ClaimsService(accounts, settings.systemAccount(), Clock.systemUTC(), sync),
                new AccountDefiner(accounts, Clock.systemUTC()), sync));
    }
}
