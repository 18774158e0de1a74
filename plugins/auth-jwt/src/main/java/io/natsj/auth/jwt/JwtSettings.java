package io.natsj.auth.jwt;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.config.AuthConfigValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator-mode keys of the configuration: {@code operator} (and nats-server's aliases),
 * or {@code trusted}/{@code trusted_keys} (operator public keys without an operator JWT),
 * {@code resolver}, {@code resolver_preload} and {@code system_account}, checked as
 * nats-server checks them at start-up.
 *
 * @param operators the trusted operators' claims
 * @param trusted the operator keys of {@code trusted}/{@code trusted_keys}, when no operator
 *        JWT is configured
 * @param systemAccount the system account: the configuration's, else the first operator's,
 *        else empty
 * @param preload account JWTs by account key, stored into the resolver at start-up
 * @param resolver where account JWTs come from, built (and for a URL, reached) at start-up
 */
record JwtSettings(List<OperatorClaims> operators, List<String> trusted, String systemAccount,
                   Map<String, String> preload, AccountResolver resolver) {

    /** nats-server's keys for operator public keys without an operator JWT. */
    static final List<String> TRUSTED_KEYS = List.of("trusted", "trusted_keys");

    /** The keys naming the operators, as nats-server reads them. */
    static final List<String> OPERATOR_KEYS =
            List.of("operator", "operators", "roots", "root", "root_operators", "root_operator");

    /** The keys naming the resolver. */
    static final List<String> RESOLVER_KEYS = List.of("resolver", "account_resolver", "accounts_resolver");

    /**
     * @param section the operator keys, each under its own name
     * @param accounts the {@code accounts} section
     * @return the settings, or null when no operator is configured
     * @throws PluginException naming the key when the configuration cannot be served
     */
    static JwtSettings read(Config section, Config accounts) {
        List<String> operatorValues = new ArrayList<>();
        ConfigValue resolver = null;
        ConfigValue preload = null;
        String systemAccount = "";
        List<String> trusted = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            ConfigValue v = e.getValue();
            if (TRUSTED_KEYS.contains(key)) {
                trusted = trustedKeys(v);
            } else if (OPERATOR_KEYS.contains(key)) {
                operatorValues.addAll(strings(v, e.getKey()));
            } else if (RESOLVER_KEYS.contains(key)) {
                resolver = v;
            } else if (key.equals("resolver_preload")) {
                preload = v;
            } else if (key.equals("system_account") || (key.equals("system") && systemAccount.isEmpty())) {
                systemAccount = AuthConfigValues.string(v, e.getKey());
            }
        }
        if (!operatorValues.isEmpty() && !trusted.isEmpty()) {
            throw new PluginException("conflicting options for 'TrustedKeys' and 'TrustedOperators'");
        }
        if (operatorValues.isEmpty() && !trusted.isEmpty()) {
            return trustedOnly(trusted, systemAccount, resolver, preload);
        }
        if (operatorValues.isEmpty()) {
            if (resolver != null || preload != null) {
                throw new PluginException("resolver: an account resolver needs an operator (config key 'operator')");
            }
            return null;
        }
        List<OperatorClaims> operators = new ArrayList<>();
        for (String value : operatorValues) {
            try {
                operators.add(OperatorClaims.decode(OperatorFiles.read(value)));
            } catch (JwtException ex) {
                throw new PluginException("operator: error parsing operator JWT: " + ex.getMessage(), ex);
            }
        }
        if (!accounts.isEmpty()) {
            throw new PluginException("operators do not allow Accounts to be configured directly");
        }
        if (systemAccount.isEmpty() && operators.size() == 1) {
            systemAccount = operators.getFirst().systemAccount();
        } else if (!systemAccount.isEmpty()) {
            String configured = systemAccount;
            boolean named = operators.stream().anyMatch(o -> !o.systemAccount().isEmpty());
            if (named && operators.stream().noneMatch(o -> o.systemAccount().equals(configured))) {
                throw new PluginException("system_account in config and operator JWT must be identical");
            }
        }
        for (OperatorClaims o : operators) {
            ServerVersion.check(o);
        }
        Map<String, String> preloads = preloads(preload);
        AccountResolver built = ResolverConfig.build(resolver, operators.size() == 1 ? operators.getFirst() : null,
                !preloads.isEmpty());
        return new JwtSettings(List.copyOf(operators), List.of(), systemAccount, preloads, built);
    }

    /**
     * nats-server with trusted keys and no operator JWT: none of the operator checks apply
     * (accounts may not be configured alongside either); without a resolver no account can be
     * found, so every user is refused, as there.
     */
    private static JwtSettings trustedOnly(List<String> trusted, String systemAccount, ConfigValue resolver,
                                           ConfigValue preload) {
        if (resolver == null && preload != null) {
            throw new PluginException("resolver_preload: preloaded accounts need a resolver (config key 'resolver')");
        }
        Map<String, String> preloads = preloads(preload);
        AccountResolver built = resolver == null ? new MemoryResolver()
                : ResolverConfig.build(resolver, null, !preloads.isEmpty());
        return new JwtSettings(List.of(), List.copyOf(trusted), systemAccount, preloads, built);
    }

    /** nats-server's parsing of {@code trusted}: a key or a list of keys, each an operator public key. */
    private static List<String> trustedKeys(ConfigValue v) {
        List<String> keys = new ArrayList<>();
        if (v.valueType() == ConfigValueType.STRING) {
            keys.add((String) v.unwrapped());
        } else if (v.valueType() == ConfigValueType.LIST) {
            for (Object o : (List<?>) v.unwrapped()) {
                if (!(o instanceof String k)) {
                    throw new PluginException("error parsing trusted: unsupported type in array "
                            + (o == null ? "nil" : o.getClass().getSimpleName()));
                }
                keys.add(k);
            }
        } else {
            throw new PluginException("error parsing trusted: unsupported type "
                    + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        for (String k : keys) {
            if (!io.natsj.nkeys.NKey.isValidPublicKey(k, io.natsj.nkeys.NKeyType.OPERATOR)) {
                throw new PluginException("trust key \"" + k + "\" required to be a valid public operator nkey");
            }
        }
        return keys;
    }

    private static Map<String, String> preloads(ConfigValue preload) {
        Map<String, String> out = new LinkedHashMap<>();
        if (preload == null) {
            return out;
        }
        if (!(preload instanceof ConfigObject block)) {
            throw new PluginException("resolver_preload: expected a map of account keys to JWTs");
        }
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            String jwt = AuthConfigValues.string(e.getValue(), "resolver_preload." + e.getKey());
            try {
                AccountClaims.decode(jwt);
            } catch (JwtException ex) {
                throw new PluginException("preload account error for \"" + e.getKey() + "\": " + ex.getMessage(), ex);
            }
            out.put(e.getKey(), jwt);
        }
        return out;
    }

    private static List<String> strings(ConfigValue v, String key) {
        if (v.valueType() == ConfigValueType.STRING) {
            return List.of((String) v.unwrapped());
        }
        if (v.valueType() == ConfigValueType.LIST) {
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v.unwrapped()) {
                if (!(o instanceof String s)) {
                    throw new PluginException(key + ": error parsing operators: expected file names or JWTs");
                }
                out.add(s);
            }
            return out;
        }
        throw new PluginException(key + ": error parsing operators: unsupported type "
                + v.valueType().name().toLowerCase(Locale.ROOT));
    }

    /** @return every key accounts may be issued by, over all operators */
    List<String> trustedKeys() {
        if (operators.isEmpty()) {
            return trusted;
        }
        return operators.stream().flatMap(o -> o.trustedKeys().stream()).toList();
    }
}
