package io.natsj.kernel.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.ConfigValues;
import io.natsj.kernel.account.Accounts;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import io.natsj.spi.auth.AuthenticatorRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the server's {@link Authentication} from the configuration: which plugins get a
 * section (and which section), in which order their authenticators are asked, and the kernel's
 * own keys around them ({@code timeout}, {@code no_auth_user}).
 */
final class AuthenticationConfig {

    private AuthenticationConfig() {
    }

    /**
     * @param config the whole configuration
     * @param providers the authentication plugins in this image
     * @param accounts the accounts
     * @param systemAccountName the system account the configuration names (or the default
     *        {@code $SYS}), or null when it is disabled
     * @return the server's authentication
     * @throws PluginException naming the key when the configuration cannot be served
     */
    static Authentication build(Config config, List<AuthenticatorProvider> providers, Accounts accounts,
                                            String systemAccountName) {
        Config authorization = section(config, "authorization");
        Config accountsSection = section(config, "accounts");
        // The keys of the section are the plugins' to check: each knows the forms it serves.
        boolean accountUsers = accountsSection.root().values().stream()
                .anyMatch(v -> v.valueType() == ConfigValueType.OBJECT
                        && ((com.typesafe.config.ConfigObject) v).containsKey("users"));
        List<Authenticator> found = new ArrayList<>();
        Map<Authenticator, AuthenticatorProvider> makers = new java.util.IdentityHashMap<>();
        boolean usersListed = !authorization.isEmpty() || accountUsers;
        java.util.Set<String> claimed = new java.util.HashSet<>();
        providers.forEach(p -> claimed.addAll(p.authorizationKeys()));
        for (AuthenticatorProvider provider : providers) {
            Config section = withoutOthersKeys(providerSection(config, provider, authorization), provider, claimed);
            boolean ownKeys = !provider.configKey().equalsIgnoreCase("authorization") && !section.isEmpty();
            if (usersListed || ownKeys) {
                provider.create(request(section, accountsSection)).ifPresent(a -> {
                    found.add(a);
                    makers.put(a, provider);
                });
            }
        }
        if (found.stream().anyMatch(Authenticator::resolvesAccounts)) {
            // Operator mode: account JWTs may call for plugins the configuration does not name
            // (an account's auth callout).
            java.util.Set<AuthenticatorProvider> created = new java.util.HashSet<>(makers.values());
            for (AuthenticatorProvider provider : providers) {
                if (!created.contains(provider)) {
                    Config section = withoutOthersKeys(providerSection(config, provider, authorization), provider,
                            claimed);
                    provider.createForResolvedAccounts(request(section, accountsSection)).ifPresent(a -> {
                        found.add(a);
                        makers.put(a, provider);
                    });
                }
            }
        }
        if (usersListed && providers.isEmpty()) {
            throw new PluginException("config key '" + (authorization.isEmpty() ? "accounts" : "authorization")
                    + "' lists users, but no authentication plugin in this runtime image serves them (token, nkey)");
        }
        Duration timeout = authorization.hasPath("timeout")
                ? ConfigValues.duration(authorization, "timeout") : Authentication.DEFAULT_TIMEOUT;
        String noAuthUser = null;
        Optional<String> noAuthKey = key(config, "no_auth_user");
        if (noAuthKey.isPresent()) {
            noAuthUser = config.getString("\"" + noAuthKey.get() + "\"");
            String user = noAuthUser;
            if (found.stream().noneMatch(a -> a.knowsUser(user))) {
                throw new PluginException("no_auth_user: \"" + user
                        + "\" not present as user or nkey in authorization block or account configuration");
            }
        }
        // nats-server: when the system account is the only account configured and there is no
        // no_auth_user, $G gets a user of its own as no_auth_user, so clients without
        // credentials land in $G (INFO still says auth_required).
        boolean anonymousToGlobal = noAuthUser == null && !found.isEmpty() && systemAccountName != null
                && accountsSection.root().keySet().equals(java.util.Set.of(systemAccountName));
        return new Authentication(ordered(found), makers, accounts, timeout, noAuthUser, anonymousToGlobal);
    }

    /** Authenticators asked first (an auth callout) go ahead of the others, in plugin order. */
    static List<Authenticator> ordered(List<Authenticator> found) {
        List<Authenticator> ordered = new ArrayList<>(found.stream().filter(Authenticator::askedFirst).toList());
        found.stream().filter(a -> !a.askedFirst()).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    /** @return an authenticator request for a section (the accounts section empty) */
    static AuthenticatorRequest request(Config section) {
        return request(section, ConfigFactory.empty());
    }

    /** The section without the {@code authorization} keys another provider owns ({@code auth_callout}). */
    private static Config withoutOthersKeys(Config section, AuthenticatorProvider provider,
                                            java.util.Set<String> claimed) {
        if (!provider.configKey().equalsIgnoreCase("authorization") || claimed.isEmpty()) {
            return section;
        }
        Config result = section;
        for (String key : section.root().keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (claimed.contains(lower) && !provider.authorizationKeys().contains(lower)) {
                result = result.withoutPath("\"" + key + "\"");
            }
        }
        return result;
    }

    private static AuthenticatorRequest request(Config section, Config accountsSection) {
        return new AuthenticatorRequest() {
            public Config config() {
                return section;
            }
            public Config accounts() {
                return accountsSection;
            }
        };
    }

    /**
     * The section a provider is given: its block ({@code authorization}); or, for a provider
     * whose key holds a single value ({@code operator}) or that claims other top-level keys,
     * each of those keys present in the configuration under its own name.
     */
    private static Config providerSection(Config config, AuthenticatorProvider provider, Config authorization) {
        if (provider.configKey().equalsIgnoreCase("authorization") && provider.otherKeys().isEmpty()) {
            return authorization;
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(provider.otherKeys());
        wanted.add(provider.configKey().toLowerCase(Locale.ROOT));
        Config section = ConfigFactory.empty();
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            if (wanted.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                section = section.withValue("\"" + e.getKey() + "\"", e.getValue());
            }
        }
        return section;
    }

    private static Config section(Config config, String name) {
        return key(config, name)
                .map(k -> config.getValue("\"" + k + "\""))
                .filter(v -> v.valueType() == ConfigValueType.OBJECT)
                .map(v -> ((com.typesafe.config.ConfigObject) v).toConfig())
                .orElse(ConfigFactory.empty());
    }

    private static Optional<String> key(Config config, String lowerName) {
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }
}
