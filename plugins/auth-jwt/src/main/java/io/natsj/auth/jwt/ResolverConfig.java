package io.natsj.auth.jwt;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.GoDuration;
import io.natsj.spi.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the account resolver that {@code resolver} names, checked as nats-server 2.9.10 checks
 * it at start-up (with its error texts): {@code MEMORY}, {@code URL(<url>)}, or the directory
 * resolver block {@code { type: full | cache, dir, allow_delete, interval, limit, ttl, timeout }}.
 */
final class ResolverConfig {

    private static final Pattern MEMORY = Pattern.compile("(?i)(MEM|MEMORY)\\s*");
    private static final Pattern URL = Pattern.compile("(?i)URL\\(\\s*\"?([^\\s\"]*)\"?\\s*\\)\\s*");
    private static final Set<String> BLOCK_KEYS =
            Set.of("type", "dir", "allow_delete", "limit", "ttl", "interval", "timeout");
    private static final String WRONG = "error parsing account resolver, should be MEM or "
            + " URL(\"url\") or a map containing dir and type state=[FULL|CACHE])";

    private ResolverConfig() {
    }

    /**
     * @param resolver the {@code resolver} value, or null when none is configured
     * @param operator the single trusted operator, or null when there are several
     * @param preloads whether {@code resolver_preload} names accounts
     * @return the resolver
     * @throws PluginException naming the key when the resolver cannot be built
     */
    static AccountResolver build(ConfigValue resolver, OperatorClaims operator, boolean preloads) {
        if (resolver == null) {
            // nats-server falls back to the operator's account server, at <url>/accounts.
            if (operator == null || operator.accountServerUrl().isEmpty()) {
                throw new PluginException("operators require an account resolver to be configured");
            }
            return readOnly(new UrlResolver(operator.accountServerUrl() + "/accounts"), preloads);
        }
        if (resolver.valueType() == ConfigValueType.STRING) {
            String v = (String) resolver.unwrapped();
            if (MEMORY.matcher(v).find()) {
                return new MemoryResolver();
            }
            Matcher m = URL.matcher(v);
            if (m.find()) {
                String url = m.group(1);
                if (!url.contains("://")) {
                    throw new PluginException("resolver: error parsing account resolver url \"" + url
                            + "\": expected an http:// or https:// URL");
                }
                return readOnly(new UrlResolver(url), preloads);
            }
            throw new PluginException("resolver: " + WRONG);
        }
        if (resolver instanceof ConfigObject block) {
            return directory(block);
        }
        throw new PluginException("resolver: error parsing operator resolver, wrong type "
                + resolver.valueType().name().toLowerCase(Locale.ROOT));
    }

    private static AccountResolver readOnly(UrlResolver resolver, boolean preloads) {
        if (preloads) {
            throw new PluginException("resolver_preload: resolver preloads only available for writeable "
                    + "resolver types MEM/DIR/CACHE_DIR");
        }
        return resolver;
    }

    private static AccountResolver directory(ConfigObject block) {
        for (String key : block.keySet()) {
            if (!BLOCK_KEYS.contains(key)) {
                throw new PluginException("resolver." + key + ": unknown resolver setting (expected one of "
                        + String.join(", ", BLOCK_KEYS.stream().sorted().toList()) + ")");
            }
        }
        String dir = string(block, "dir");
        String type = string(block, "type").toUpperCase(Locale.ROOT);
        boolean allowDelete = block.containsKey("allow_delete") && bool(block, "allow_delete");
        long limit = block.containsKey("limit") ? number(block, "limit") : 0;
        Duration ttl = duration(block, "ttl");
        Duration interval = duration(block, "interval");
        Duration timeout = duration(block, "timeout");
        if (dir.isEmpty()) {
            throw new PluginException("resolver: dir has no value and needs to point to a directory");
        }
        Path path = Path.of(dir);
        if (Files.exists(path) && (!Files.isDirectory(path) || !Files.isWritable(path))) {
            throw new PluginException("resolver: dir needs to point to an accessible directory");
        }
        return switch (type) {
            case "CACHE" -> {
                if (!interval.isZero()) {
                    throw new PluginException("resolver: CACHE does not accept sync");
                }
                if (allowDelete) {
                    throw new PluginException("resolver: CACHE does not accept allow_delete");
                }
                yield new DirResolver(path, true, limit <= 0 ? 1_000 : limit, false, Duration.ZERO, timeout)
                        .withTtl(ttl);
            }
            case "FULL" -> {
                if (!ttl.isZero()) {
                    throw new PluginException("resolver: FULL does not accept ttl");
                }
                yield new DirResolver(path, false, Long.MAX_VALUE, allowDelete, interval, timeout);
            }
            default -> throw new PluginException("resolver: " + WRONG);
        };
    }

    private static String string(ConfigObject block, String key) {
        ConfigValue v = block.get(key);
        if (v == null) {
            return "";
        }
        if (v.valueType() != ConfigValueType.STRING) {
            throw new PluginException("resolver." + key + ": expected a string");
        }
        return (String) v.unwrapped();
    }

    private static boolean bool(ConfigObject block, String key) {
        ConfigValue v = block.get(key);
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw new PluginException("resolver." + key + ": expected true or false");
        }
        return (Boolean) v.unwrapped();
    }

    private static long number(ConfigObject block, String key) {
        ConfigValue v = block.get(key);
        if (v.valueType() != ConfigValueType.NUMBER || !(v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long)) {
            throw new PluginException("resolver." + key + ": expected an integer");
        }
        return ((Number) v.unwrapped()).longValue();
    }

    /** Reads a Go duration ({@code "2m"}, {@code "1h30m"}), as nats-server parses these keys. */
    static Duration duration(ConfigObject block, String key) {
        if (!block.containsKey(key)) {
            return Duration.ZERO;
        }
        String text = string(block, key).strip();
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PluginException("resolver." + key + ": time: invalid duration \"" + text + "\"", e);
        }
    }
}
