package io.natsj.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a server configuration file into one typesafe {@link Config}, whichever of the two
 * supported formats it is written in.
 *
 * <p>The rule: a file whose name ends in {@code .hocon} is HOCON. Any other file is first read
 * with {@link NatsConfParser} (nats-server's grammar, so existing nats-server files work
 * unchanged). Only if that fails for a grammar reason or an undefined {@code $variable} is the
 * file read again as HOCON ({@code ConfigFactory.parseFile} then {@code resolve()}, includes
 * relative to the file, environment substitutions allowed). If HOCON fails too, the
 * nats-format error is reported, with the HOCON one appended. A missing or unreadable file, or a
 * missing include, is reported directly: HOCON would silently skip a missing include.
 *
 * <p>Note the one ambiguity: a HOCON path key like {@code a.b = 1} is also valid nats syntax,
 * where it is one key named {@code a.b}. Use nested blocks, or the {@code .hocon} extension.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a configuration file.
     *
     * @throws ConfigLoadException naming file and line when it is neither valid format
     */
    public static Config load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigLoadException("error opening config file: open " + file + ": no such file or directory", null);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hocon")) {
            try {
                return hocon(file);
            } catch (ConfigException e) {
                throw new ConfigLoadException(e.getMessage(), e);
            }
        }
        try {
            return new NatsConfParser().parse(file);
        } catch (NatsConfException natsError) {
            if (natsError.kind() == NatsConfException.Kind.IO) {
                throw new ConfigLoadException(natsError.getMessage(), natsError);
            }
            try {
                return hocon(file);
            } catch (ConfigException hoconError) {
                throw bothFailed(natsError, hoconError);
            }
        }
    }

    /**
     * Parses configuration text with the same rule as {@link #load(Path)}; includes resolve
     * against the working directory.
     */
    public static Config parseString(String text) {
        try {
            return new NatsConfParser().parse(text, "config string", Path.of(""));
        } catch (NatsConfException natsError) {
            if (natsError.kind() == NatsConfException.Kind.IO) {
                throw new ConfigLoadException(natsError.getMessage(), natsError);
            }
            try {
                return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("config string"))
                        .resolve(ConfigResolveOptions.defaults());
            } catch (ConfigException hoconError) {
                throw bothFailed(natsError, hoconError);
            }
        }
    }

    private static Config hocon(Path file) {
        return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                .resolve(ConfigResolveOptions.defaults());
    }

    private static ConfigLoadException bothFailed(NatsConfException natsError, ConfigException hoconError) {
        ConfigLoadException failure = new ConfigLoadException(natsError.getMessage()
                + " (not valid HOCON either: " + hoconError.getMessage() + ")", natsError);
        failure.addSuppressed(hoconError);
        return failure;
    }
}
