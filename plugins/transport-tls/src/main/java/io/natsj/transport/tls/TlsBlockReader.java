package io.natsj.transport.tls;

import io.natsj.config.GoDuration;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code tls { }} block the way nats-server's {@code parseTLS} does: the same keys
 * (matched case-insensitively), aliases, value types and messages, each message prefixed with
 * the key's config path. Keys natsj cannot honour yet are refused by name rather than ignored.
 */
final class TlsBlockReader {

    /** Keys nats-server knows that natsj does not implement yet. */
    private static final Set<String> NOT_SUPPORTED = Set.of(
            "cert_store", "cert_match_by", "cert_match", "cert_match_skip_invalid",
            "ca_certs_match", "ocsp_peer", "pinned_certs", "certs", "certificates",
            "connection_rate_limit");

    private final String path;
    private final boolean clientListener;

    private Path certFile;
    private Path keyFile;
    private Path caFile;
    private boolean verify;
    private boolean map;
    private boolean insecure;
    private boolean handshakeFirst;
    private boolean allowInsecureCiphers;
    private Duration timeout = TlsOptions.DEFAULT_TIMEOUT;
    private List<String> cipherNames;
    private String cipherKey;
    private List<String> namedGroups;
    private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");

    private TlsBlockReader(String path) {
        this.path = path;
        // nats-server's "client context": the blocks of listeners that accept NATS clients.
        this.clientListener = path.equals("tls") || path.endsWith("websocket.tls")
                || path.endsWith("mqtt.tls");
    }

    /**
     * @param config the block
     * @param path its config path, for messages
     * @return the checked options
     * @throws PluginException naming the first offending key
     */
    static TlsOptions read(Config config, String path) {
        TlsBlockReader reader = new TlsBlockReader(path == null || path.isEmpty() ? "tls" : path);
        for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
            reader.option(entry.getKey(), entry.getValue());
        }
        return reader.finish();
    }

    private void option(String name, ConfigValue value) {
        String key = path + "." + name;
        String lower = name.toLowerCase(Locale.ROOT);
        if (NOT_SUPPORTED.contains(lower)) {
            throw new PluginException(key + " is not supported by natsj yet");
        }
        switch (lower) {
            case "cert_file" -> certFile = Path.of(string(key, value, "'cert_file' to be filename"));
            case "key_file" -> keyFile = Path.of(string(key, value, "'key_file' to be filename"));
            case "ca_file" -> caFile = Path.of(string(key, value, "'ca_file' to be filename"));
            case "insecure" -> insecure = bool(key, value, "insecure");
            case "verify" -> verify = bool(key, value, "verify");
            case "verify_and_map" -> {
                map = bool(key, value, "verify_and_map");
                verify |= map;
            }
            case "verify_cert_and_check_known_urls" -> {
                if (bool(key, value, "verify_cert_and_check_known_urls")) {
                    throw new PluginException(clientListener
                            ? key + ": verify_cert_and_check_known_urls not supported in this context"
                            : key + " is not supported by natsj yet");
                }
            }
            case "allow_insecure_cipher_suites" ->
                    allowInsecureCiphers = bool(key, value, "allow_insecure_cipher_suites");
            case "cipher_suites" -> {
                cipherNames = strings(key, value, "cipher_suites");
                cipherKey = key;
            }
            case "curve_preferences" ->
                    namedGroups = NamedGroups.toJava(strings(key, value, "curve_preferences"), key);
            case "timeout" -> timeout = timeout(key, value);
            case "handshake_first", "first", "immediate" -> handshakeFirst = handshakeFirst(key, name, value);
            case "min_version" -> protocols = minVersion(key, value);
            default -> throw new PluginException(
                    key + ": error parsing tls config, unknown field \"" + name + "\"");
        }
    }

    private TlsOptions finish() {
        if (certFile != null && keyFile == null) {
            throw new PluginException(path + ": missing 'key_file' in TLS configuration");
        }
        if (certFile == null && keyFile != null) {
            throw new PluginException(path + ": missing 'cert_file' in TLS configuration");
        }
        // Translated last: allow_insecure_cipher_suites may come after cipher_suites.
        List<String> suites = cipherNames == null ? null
                : CipherSuites.toJava(cipherNames, allowInsecureCiphers, cipherKey);
        return new TlsOptions(path, certFile, keyFile, caFile, verify, map, insecure,
                handshakeFirst, timeout, suites, namedGroups, protocols);
    }

    private static String string(String key, ConfigValue value, String expected) {
        if (value.valueType() != ConfigValueType.STRING) {
            throw new PluginException(key + ": error parsing tls config, expected " + expected);
        }
        return (String) value.unwrapped();
    }

    private static boolean bool(String key, ConfigValue value, String name) {
        if (value.valueType() != ConfigValueType.BOOLEAN) {
            throw new PluginException(key + ": error parsing tls config, expected '" + name
                    + "' to be a boolean");
        }
        return (Boolean) value.unwrapped();
    }

    private static List<String> strings(String key, ConfigValue value, String name) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw new PluginException(key + ": error parsing tls config, expected '" + name
                    + "' to be a list of strings");
        }
        ConfigList list = (ConfigList) value;
        if (list.isEmpty()) {
            throw new PluginException(key + ": error parsing tls config, '" + name
                    + "' cannot be empty");
        }
        List<String> out = new ArrayList<>(list.size());
        for (ConfigValue item : list) {
            out.add(string(key, item, "'" + name + "' to be a list of strings"));
        }
        return out;
    }

    private static Duration timeout(String key, ConfigValue value) {
        Duration parsed = switch (value.valueType()) {
            case NUMBER -> {
                double seconds = ((Number) value.unwrapped()).doubleValue();
                yield Duration.ofNanos(Math.round(seconds * 1e9));
            }
            case STRING -> {
                try {
                    yield GoDuration.parse((String) value.unwrapped());
                } catch (IllegalArgumentException e) {
                    throw new PluginException(key + ": error parsing tls config, 'timeout' "
                            + e.getMessage(), e);
                }
            }
            default -> throw new PluginException(key
                    + ": error parsing tls config, 'timeout' wrong type");
        };
        if (parsed.isNegative()) {
            throw new PluginException(key + ": error parsing tls config, 'timeout' can't be negative");
        }
        // nats-server replaces 0 with its default when it fills in unset options.
        return parsed.isZero() ? TlsOptions.DEFAULT_TIMEOUT : parsed;
    }

    private static boolean handshakeFirst(String key, String name, ConfigValue value) {
        if (value.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) value.unwrapped();
        }
        if (value.valueType() != ConfigValueType.STRING) {
            throw new PluginException(key + ": field \"" + name
                    + "\" should be a boolean or a string");
        }
        String text = (String) value.unwrapped();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "on" -> {
                return true;
            }
            case "false", "off" -> {
                return false;
            }
            case "auto", "auto_fallback" -> throw fallbackRefused(key, text);
            default -> {
                try {
                    GoDuration.parse(text);
                } catch (IllegalArgumentException notDuration) {
                    throw new PluginException(key + ": field \"" + name + "\"'s value \"" + text
                            + "\" is invalid");
                }
                throw fallbackRefused(key, text);
            }
        }
    }

    private static PluginException fallbackRefused(String key, String text) {
        return new PluginException(key + ": \"" + text + "\" (TLS handshake first with a fallback"
                + " to INFO first) is not supported by natsj yet; use true or false");
    }

    private static List<String> minVersion(String key, ConfigValue value) {
        if (value.valueType() != ConfigValueType.STRING) {
            throw new PluginException(key + ": error parsing tls config: 'min_version' wrong type: "
                    + value.unwrapped());
        }
        String version = (String) value.unwrapped();
        return switch (version) {
            case "1.0", "1.1" -> throw new PluginException(key
                    + ": error parsing tls config: unsupported TLS version: TLS " + version);
            case "1.2" -> List.of("TLSv1.3", "TLSv1.2");
            case "1.3" -> List.of("TLSv1.3");
            default -> throw new PluginException(key
                    + ": error parsing tls config: unknown version: " + version);
        };
    }
}
