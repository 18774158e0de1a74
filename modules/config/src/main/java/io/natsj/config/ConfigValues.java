package io.natsj.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed readers for configuration values that accept both nats-server style and HOCON style
 * values. Paths are typesafe path expressions ({@code cluster.listen}); a missing path throws
 * {@link ConfigException.Missing} and a bad value {@link ConfigException.BadValue}, both naming
 * the key and where it was defined.
 */
public final class ConfigValues {

    private static final Pattern SIZE = Pattern.compile("(-?\\d+)\\s*([A-Za-z]*)");

    private ConfigValues() {
    }

    /**
     * A size in bytes. Numbers are bytes (the nats parser has already applied unquoted suffixes
     * like {@code 1MB}). Strings are read, in order: nats-server's {@code getStorageSize} rule for
     * one upper-case letter ({@code "64K" "1M" "2G" "1T"} = powers of 1024); nats-server's integer
     * suffixes ({@code "1k"} = 1000, {@code "1kb" "1KiB"} = 1024, {@code "1MB"} = 1048576 ...,
     * case-insensitive); then HOCON byte strings ({@code "64 KiB"}, {@code "10 bytes"}).
     */
    public static long sizeInBytes(Config config, String path) {
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.NUMBER) {
            return ((Number) value.unwrapped()).longValue();
        }
        if (value.valueType() != ConfigValueType.STRING) {
            throw bad(value, path, "expected a size such as 1048576, 1MB or \"64K\", got " + value.valueType());
        }
        String text = ((String) value.unwrapped()).trim();
        if (text.isEmpty()) {
            return 0;
        }
        Matcher m = SIZE.matcher(text);
        if (m.matches()) {
            long number = Long.parseLong(m.group(1));
            String suffix = m.group(2);
            Long multiplier = switch (suffix) {
                case "K" -> 1L << 10;
                case "M" -> 1L << 20;
                case "G" -> 1L << 30;
                case "T" -> 1L << 40;
                default -> natsSuffix(suffix.toLowerCase(Locale.ROOT));
            };
            if (multiplier != null) {
                try {
                    return Math.multiplyExact(number, multiplier);
                } catch (ArithmeticException e) {
                    throw bad(value, path, "size '" + text + "' is out of range");
                }
            }
        }
        try {
            return config.getBytes(path);
        } catch (ConfigException e) {
            throw bad(value, path, "could not parse size '" + text + "'");
        }
    }

    private static Long natsSuffix(String suffix) {
        return suffix.equals("b") ? Long.valueOf(1L) : SizeSuffix.multiplier(suffix);
    }

    /**
     * A duration. Strings are Go durations ({@link GoDuration}: {@code "2m"}, {@code "1.5s"},
     * {@code "1h30m"}, {@code "500ms"}, {@code "10us"}), else HOCON durations
     * ({@code "10 seconds"}). A plain number is seconds: that is nats-server's
     * {@code parseDuration} rule (opts.go) for {@code ping_interval}, {@code write_deadline},
     * the cluster/gateway/leafnode {@code ping_interval} and {@code write_deadline}, and
     * JetStream's {@code sync_interval}; nats-server logs a warning asking to convert it, so
     * {@code ping_interval: 120} means two minutes. Note that an unquoted {@code 2m} in a nats
     * file is the integer 2000000 (a size suffix), hence 2000000 seconds, exactly as in
     * nats-server: durations should be quoted.
     */
    public static Duration duration(Config config, String path) {
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.NUMBER) {
            Number n = (Number) value.unwrapped();
            if (n instanceof Double d) {
                return Duration.ofNanos(Math.round(d * 1e9));
            }
            return Duration.ofSeconds(n.longValue());
        }
        if (value.valueType() != ConfigValueType.STRING) {
            throw bad(value, path, "expected a duration such as \"2m\" or \"1.5s\", got " + value.valueType());
        }
        String text = (String) value.unwrapped();
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException goError) {
            try {
                return config.getDuration(path);
            } catch (ConfigException hoconError) {
                throw bad(value, path, "error parsing " + lastKey(path) + ": " + goError.getMessage());
            }
        }
    }

    /** A boolean: true/false, or the strings true/false/yes/no/on/off (any case). */
    public static boolean bool(Config config, String path) {
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) value.unwrapped();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            switch (((String) value.unwrapped()).toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw bad(value, path, "expected boolean value, but got '" + value.unwrapped() + "'");
    }

    /** A string; numbers and booleans are converted to their text. */
    public static String string(Config config, String path) {
        ConfigValue value = config.getValue(path);
        return switch (value.valueType()) {
            case STRING, NUMBER, BOOLEAN -> String.valueOf(value.unwrapped());
            default -> throw bad(value, path, "expected a string, got " + value.valueType());
        };
    }

    /** An int; must be a whole number in range (numeric strings are accepted). */
    public static int integer(Config config, String path) {
        long n = longValue(config, path);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw bad(config.getValue(path), path, "integer " + n + " is out of the range");
        }
        return (int) n;
    }

    /** A long; must be a whole number (numeric strings are accepted). */
    public static long longValue(Config config, String path) {
        ConfigValue value = config.getValue(path);
        Object raw = value.unwrapped();
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw bad(value, path, "expected integer, but got '" + s + "'");
            }
        }
        throw bad(value, path, "expected integer, but got '" + raw + "'");
    }

    /**
     * A {@code listen}-style value: a bare port number ({@code 4222}, host left empty) or a
     * {@code host:port} string ({@code 127.0.0.1:4222}, {@code [::1]:-1}).
     */
    public static HostPort hostPort(Config config, String path) {
        ConfigValue value = config.getValue(path);
        Object raw = value.unwrapped();
        if (raw instanceof Integer || raw instanceof Long) {
            return new HostPort("", ((Number) raw).intValue());
        }
        if (raw instanceof String s) {
            try {
                return HostPort.parse(s);
            } catch (IllegalArgumentException e) {
                throw bad(value, path, e.getMessage());
            }
        }
        throw bad(value, path, "expected port or host:port, got " + value.valueType());
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static ConfigException.BadValue bad(ConfigValue value, String path, String message) {
        return new ConfigException.BadValue(value.origin(), path, message);
    }
}
