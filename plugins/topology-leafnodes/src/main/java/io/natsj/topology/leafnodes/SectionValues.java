package io.natsj.topology.leafnodes;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.Locale;

/**
 * Typed reads of the values of one section entry (a {@link ConfigValue}, where
 * {@code io.natsj.config.ConfigValues} reads paths of a whole {@code Config}), each failing with
 * the key's path in its message.
 */
final class SectionValues {

    private SectionValues() {
    }

    static String string(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.STRING) {
            throw new PluginException(path + ": expected a string, got " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (String) v.unwrapped();
    }

    static int integer(ConfigValue v, String path) {
        Object o = v.unwrapped();
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        if (o instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new PluginException(path + ": expected an integer, got " + o);
    }

    /**
     * A subject or a list of subjects, as nats-server's parsePermSubjects reads them.
     *
     * @param v the value
     * @param path its config path, for errors
     * @return the subjects
     */
    static java.util.List<String> subjects(ConfigValue v, String path) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (v.valueType() == com.typesafe.config.ConfigValueType.STRING) {
            out.add((String) v.unwrapped());
        } else if (v instanceof com.typesafe.config.ConfigList list) {
            for (ConfigValue item : list) {
                if (item.valueType() != com.typesafe.config.ConfigValueType.STRING) {
                    throw new PluginException(path + ": Subject in permissions array cannot be cast to string");
                }
                out.add((String) item.unwrapped());
            }
        } else {
            throw new PluginException(path + ": Expected subject permissions to be a subject, or array of subjects");
        }
        for (String s : out) {
            if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
                throw new PluginException(path + ": subject \"" + s + "\" is not a valid subject");
            }
        }
        return java.util.List.copyOf(out);
    }

    static boolean bool(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) v.unwrapped();
        }
        throw new PluginException(path + ": expected true or false, got " + v.unwrapped());
    }

    /** Seconds as a number (fractions allowed), as nats-server reads an authorization timeout. */
    static Duration seconds(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            return Duration.ofNanos((long) (((Number) v.unwrapped()).doubleValue() * 1_000_000_000L));
        }
        throw new PluginException(path + ": expected a number of seconds, got " + v.unwrapped());
    }
}
