package io.natsj.auth.callout;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.ConfigValues;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code authorization { auth_callout { issuer, account, auth_users, xkey } }} and the
 * authorization {@code timeout}, which bounds the wait for the service's answer as in
 * nats-server.
 *
 * @param issuer the account public key that signs the user JWTs of the responses
 * @param account the account the service runs in, where requests are published
 * @param authUsers users (names or NKeys) authenticated by the users lists, not the service
 * @param xkey the service's curve public key ({@code X…}) to encrypt requests to, or null
 * @param timeout how long the service has to answer
 */
record CalloutSettings(String issuer, String account, Set<String> authUsers, String xkey, Duration timeout) {

    static final String PATH = "authorization.auth_callout";

    /** nats-server's default authorization timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * @param authorization the {@code authorization} block
     * @return its {@code timeout}, or nats-server's default
     */
    static Duration timeout(Config authorization) {
        for (String k : authorization.root().keySet()) {
            if (k.toLowerCase(Locale.ROOT).equals("timeout")) {
                return ConfigValues.duration(authorization, "\"" + k + "\"");
            }
        }
        return DEFAULT_TIMEOUT;
    }

    /**
     * @param authorization the {@code authorization} block
     * @return the settings, or null when the block has no {@code auth_callout}
     * @throws PluginException naming the key when something is wrong or not built
     */
    static CalloutSettings read(Config authorization) {
        String calloutKey = null;
        String timeoutKey = null;
        for (String k : authorization.root().keySet()) {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.equals("auth_callout") || lower.equals("auth_hook")) {
                calloutKey = k;
            } else if (lower.equals("timeout")) {
                timeoutKey = k;
            }
        }
        if (calloutKey == null) {
            return null;
        }
        ConfigValue block = authorization.root().get(calloutKey);
        if (block.valueType() != ConfigValueType.OBJECT) {
            throw new PluginException(PATH + ": expected a block");
        }
        String issuer = null;
        String account = null;
        String xkey = null;
        List<String> authUsers = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : ((com.typesafe.config.ConfigObject) block).entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            String path = PATH + "." + e.getKey();
            Object raw = e.getValue().unwrapped();
            switch (key) {
                case "issuer" -> {
                    issuer = String.valueOf(raw);
                    if (!NKey.isValidPublicKey(issuer, NKeyType.ACCOUNT)) {
                        throw new PluginException(path
                                + ": Expected callout user to be a valid public account nkey, got \"" + issuer + "\"");
                    }
                }
                case "account", "acc" -> account = String.valueOf(raw);
                case "xkey", "key" -> {
                    xkey = String.valueOf(raw);
                    if (!io.natsj.nkeys.XKey.isValidPublicKey(xkey)) {
                        throw new PluginException(path + ": Expected callout xkey to be a valid public xkey, got \""
                                + xkey + "\"");
                    }
                }
                case "auth_users", "users" -> {
                    if (!(raw instanceof List<?> list)) {
                        throw new PluginException(path + ": Expected auth_users field to be an array");
                    }
                    list.forEach(u -> authUsers.add(String.valueOf(u)));
                }
                default -> {
                    if (!io.natsj.spi.auth.config.AuthConfigValues.isUsedVariable(e.getValue())) {
                        throw new PluginException(PATH + ": Unknown field \"" + e.getKey()
                                + "\" parsing authorization callout");
                    }
                }
            }
        }
        // nats-server's texts for what it requires.
        if (issuer == null) {
            throw new PluginException(PATH + ": Authorization callouts require an issuer to be specified");
        }
        if (authUsers.isEmpty()) {
            throw new PluginException(PATH + ": Authorization callouts require authorized users to be specified");
        }
        Duration timeout = timeoutKey == null ? DEFAULT_TIMEOUT
                : ConfigValues.duration(authorization, "\"" + timeoutKey + "\"");
        return new CalloutSettings(issuer, account == null || account.isEmpty() ? "$G" : account,
                Set.copyOf(authUsers), xkey == null || xkey.isEmpty() ? null : xkey, timeout);
    }
}
