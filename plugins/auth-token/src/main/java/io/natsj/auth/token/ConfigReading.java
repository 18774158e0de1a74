package io.natsj.auth.token;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.Permissions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading nats-server style values out of the {@code authorization} and {@code accounts}
 * sections: strings that must be strings, {@code permissions} blocks, and the
 * {@code allowed_connection_types} list, each with the config path in any error.
 */
final class ConfigReading {

    /** Connection types nats-server knows, for the {@code invalid connection types} error. */
    private static final List<String> CONNECTION_TYPES = List.of(
            "STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS", "IN_PROCESS");

    private ConfigReading() {
    }

    /**
     * @param value a config value
     * @return true when its key was only a variable referenced elsewhere
     */
    static boolean isUsedVariable(ConfigValue value) {
        return io.natsj.config.UsedVariables.isUsedVariable(value);
    }

    /**
     * @param value a value that must be a string
     * @param path its config path
     * @return the string
     */
    static String string(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.STRING) {
            // A number would lose leading zeros on the way to a password: refuse it.
            throw new PluginException(path + ": expected a string, got " + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (String) value.unwrapped();
    }

    /**
     * Reads a {@code permissions} block with the SPI's reader, first renaming nats-server's
     * {@code publish_allow_responses} alias, which that reader does not know.
     *
     * @param value the block
     * @param path its config path
     * @return the permissions
     */
    static Permissions permissions(ConfigValue value, String path) {
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
     * Checks {@code allowed_connection_types}. natsj serves standard client connections only,
     * so a list naming only {@code STANDARD} (or nothing) restricts nothing; any other type
     * would be a restriction natsj cannot honour.
     *
     * @param value a string or a list of strings
     * @param path its config path
     */
    static void checkConnectionTypes(ConfigValue value, String path) {
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
     */
    static void checkProxyRequired(ConfigValue value, String path) {
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

    /**
     * Remembers which spelling of each key an object used, so that two aliases of one option
     * (nats-server keeps whichever its map iteration meets last) are refused instead.
     */
    static final class Aliases {

        private final String path;
        private final Map<String, String> seen = new HashMap<>();

        /** @param path the object's config path */
        Aliases(String path) {
            this.path = path;
        }

        /**
         * @param canonical the option
         * @param key the spelling met
         */
        void add(String canonical, String key) {
            String previous = seen.putIfAbsent(canonical, key);
            if (previous != null) {
                throw new PluginException(path + ": \"" + previous + "\" and \"" + key + "\" are both set");
            }
        }
    }
}
