package io.natsj.spi.auth.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.UsedVariables;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Permissions;
import java.util.List;
import java.util.Locale;

/**
 * Typed readers for the values of the {@code authorization} and {@code accounts} sections:
 * strings that must be strings, {@code permissions} blocks and
 * {@code allowed_connection_types}, each naming its config path in any error.
 */
public final class AuthConfigValues {

    /** Connection types nats-server knows, for its {@code invalid connection types} error. */
    private static final List<String> CONNECTION_TYPES = List.of(
            "STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS", "IN_PROCESS");

    private AuthConfigValues() {
    }

    /**
     * @param value a config value
     * @return true when its key only defined a variable that is referenced elsewhere, as
     *     nats-server allows anywhere in its files
     */
    public static boolean isUsedVariable(ConfigValue value) {
        return UsedVariables.isUsedVariable(value);
    }

    /**
     * @param value a value that must be a string
     * @param path its config path
     * @return the string
     * @throws PluginException when the value is not a string
     */
    public static String string(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.STRING) {
            // A number would lose leading zeros on the way to a password: refuse it.
            throw new PluginException(path + ": expected a string, got "
                    + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (String) value.unwrapped();
    }

    /**
     * Reads a {@code permissions} block with {@link Permissions#fromConfig}, first renaming
     * nats-server's {@code publish_allow_responses} alias, which that reader does not know.
     *
     * @param value the block
     * @param path its config path
     * @return the permissions
     * @throws PluginException when the block is not a map or is malformed
     */
    public static Permissions permissions(ConfigValue value, String path) {
        if (!(value instanceof ConfigObject block)) {
            throw new PluginException(path + ": Expected permissions to be a map/struct, got " + value.unwrapped());
        }
        ConfigObject normalised = block;
        String responses = null;
        for (String key : block.keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.equals("publish_allow_responses") || lower.equals("allow_responses")) {
                if (responses != null) {
                    throw new PluginException(path + ": \"" + responses + "\" and \"" + key + "\" are both set");
                }
                responses = key;
            }
        }
        if (responses != null && responses.equalsIgnoreCase("publish_allow_responses")) {
            normalised = block.withoutKey(responses).withValue("allow_responses", block.get(responses));
        }
        return Permissions.fromConfig(normalised.toConfig(), path);
    }

    /**
     * Checks {@code allowed_connection_types}. natsj's users are standard client connections
     * only so far, so a list naming only {@code STANDARD} (or nothing) restricts nothing; any
     * other type would be a restriction natsj cannot honour yet, and is refused.
     *
     * @param value a string or a list of strings
     * @param path its config path
     * @throws PluginException for an unknown or unsupported type
     */
    public static void checkConnectionTypes(ConfigValue value, String path) {
        List<?> types = switch (value.valueType()) {
            case STRING -> List.of(value.unwrapped());
            case LIST -> (List<?>) value.unwrapped();
            default -> throw new PluginException(path + ": expected a connection type or a list of them");
        };
        List<String> upper = types.stream().map(t -> String.valueOf(t).toUpperCase(Locale.ROOT)).toList();
        List<String> unknown = upper.stream().filter(t -> !CONNECTION_TYPES.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new PluginException(path + ": invalid connection types " + quoted(unknown));
        }
        if (upper.stream().anyMatch(t -> !t.equals("STANDARD"))) {
            throw new PluginException(path + ": " + quoted(upper) + " is not supported by natsj yet"
                    + " (only [\"STANDARD\"] is)");
        }
    }

    /**
     * @param value a {@code proxy_required} value
     * @param path its config path
     * @throws PluginException unless the value is false: trusted proxies are not built
     */
    public static void checkProxyRequired(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.BOOLEAN) {
            throw new PluginException(path + ": expected true or false");
        }
        if (Boolean.TRUE.equals(value.unwrapped())) {
            throw new PluginException(path + ": trusted proxies are not supported by natsj yet");
        }
    }

    private static String quoted(List<String> items) {
        return items.stream().map(i -> "\"" + i + "\"").toList().toString().replace(", ", " ");
    }
}
