package io.natsj.transport.websocket;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.UsedVariables;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code websocket.authorization} block as nats-server 2.9.10 reads it (its
 * {@code parseSimpleAuth}): {@code user}/{@code username}, {@code pass}/{@code password},
 * {@code token}, {@code timeout}; any other key (a {@code users} list too) is an unknown field.
 *
 * <p>What nats-server then uses is kept, and nothing else: a token wins over a user (it is
 * checked first, the user never), a password without a user changes nothing, and the timeout is
 * a number of seconds (nats-server takes 1 second for any other value, 0 for the server's).
 *
 * @param credentials the user and password, or the token, under the {@code authorization}
 *        block's names, for the kernel to hand to the authentication plugins; empty for none
 * @param timeout the listener's authentication timeout, or null for the server's
 */
record SimpleAuth(Config credentials, Duration timeout) {

    /**
     * @param value the block
     * @param path its config path, for errors
     * @return what nats-server would use of it
     * @throws PluginException naming an unknown key, as nats-server does
     */
    static SimpleAuth read(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new PluginException(path + ": expected a map, got " + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        String user = null;
        String password = null;
        String token = null;
        Duration timeout = null;
        for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
            ConfigValue v = e.getValue();
            if (v == null || v.valueType() == ConfigValueType.NULL) {
                continue;
            }
            String key = path + "." + e.getKey();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> user = WebSocketOptions.string(v, key);
                case "pass", "password" -> password = WebSocketOptions.string(v, key);
                case "token" -> token = WebSocketOptions.string(v, key);
                case "timeout" -> timeout = timeout(v);
                default -> {
                    if (!UsedVariables.isUsedVariable(v)) {
                        throw new PluginException(key + ": unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        Config credentials = ConfigFactory.empty();
        if (token != null && !token.isEmpty()) {
            credentials = credentials.withValue("token", ConfigValueFactoryHolder.of(token));
        } else if (user != null && !user.isEmpty()) {
            credentials = credentials.withValue("user", ConfigValueFactoryHolder.of(user))
                    .withValue("password", ConfigValueFactoryHolder.of(password == null ? "" : password));
        }
        return new SimpleAuth(credentials, timeout);
    }

    private static Duration timeout(ConfigValue v) {
        double seconds = v.unwrapped() instanceof Number n ? n.doubleValue() : 1;
        return seconds == 0 ? null : Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }

    /** Values for the credentials config. */
    private static final class ConfigValueFactoryHolder {
        static ConfigValue of(String s) {
            return com.typesafe.config.ConfigValueFactory.fromAnyRef(s, "websocket.authorization");
        }
    }
}
