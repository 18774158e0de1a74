package io.natsj.config.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.natsj.config.ConfigValues;
import io.natsj.config.HostPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: what to do, the config file, and the option overrides in nats-server
 * config key names (command line wins over the file, as in nats-server).
 *
 * @param action        what the server should do
 * @param configFile    the {@code -c/--config} file, if given
 * @param signal        the {@code --signal} request, present when action is {@link Action#SIGNAL}
 * @param overrides     the flag values as config keys (e.g. {@code port}, {@code cluster.listen}); a
 *                      null value means "cleared by the flag" (e.g. {@code --tls=false} gives {@code tls = null})
 * @param replacedPaths file-config paths a flag replaces as a whole or makes obsolete (aliases such
 *                      as {@code net} for {@code host}); {@link #applyTo} drops them, matching keys
 *                      case-insensitively
 */
public record CommandLineOptions(
        Action action,
        Optional<Path> configFile,
        Optional<SignalRequest> signal,
        Config overrides,
        List<List<String>> replacedPaths) {

    /** What the command line asks for. */
    public enum Action {
        /** Run the server. */
        RUN,
        /** {@code -t}: check the config file and exit. */
        TEST_CONFIG,
        /** {@code -v/--version} or the argument {@code version}. */
        VERSION,
        /** {@code -h/--help} or the argument {@code help}: print {@link CommandLine#usage()}, exit 0. */
        HELP,
        /** {@code --help_tls}: print TLS help and exit. */
        HELP_TLS,
        /** {@code -sl/--signal}: signal a running server and exit. */
        SIGNAL
    }

    /** Defensive copies keep the record immutable. */
    public CommandLineOptions {
        replacedPaths = replacedPaths.stream().map(List::copyOf).toList();
    }

    /**
     * Merges the overrides over a file's config the way nats-server applies flags after the file:
     * drops {@link #replacedPaths()}, lets {@code -js} set {@code jetstream.enabled} when the file
     * has a {@code jetstream {}} block, splits the file's {@code listen} into {@code host} and
     * {@code port} when {@code -a} or {@code -p} override one of them, then returns
     * {@code overrides.withFallback(file)}. Top-level keys of the file that differ from an
     * override only by case are renamed to the override's spelling.
     */
    public Config applyTo(Config fileConfig) {
        ConfigObject file = fileConfig.root();
        for (String key : overrides.root().keySet()) {
            file = renameIgnoringCase(file, key);
        }
        Config over = overrides;
        ConfigValue jetstream = file.get("jetstream");
        if (over.hasPath("jetstream") && jetstream instanceof ConfigObject) {
            over = over.withoutPath("jetstream").withValue("jetstream.enabled", over.getValue("jetstream"));
        }
        for (List<String> leaf : leafPaths(over.root(), new ArrayList<>(), new ArrayList<>())) {
            file = remove(file, leaf, 0);
        }
        for (List<String> path : replacedPaths) {
            file = remove(file, path, 0);
        }
        if ((over.hasPathOrNull("port") || over.hasPathOrNull("host")) && file.containsKey("listen")) {
            file = splitListen(file);
        }
        return over.withFallback(file.toConfig());
    }

    private static ConfigObject splitListen(ConfigObject file) {
        HostPort listen;
        try {
            listen = ConfigValues.hostPort(file.toConfig(), "listen");
        } catch (RuntimeException e) {
            return file; // the kernel reports the bad listen value with its origin
        }
        ConfigValue origin = file.get("listen");
        ConfigObject result = file.withoutKey("listen");
        if (!listen.host().isEmpty()) {
            result = result.withValue("host", ConfigValueFactory.fromAnyRef(listen.host()).withOrigin(origin.origin()));
        }
        return result.withValue("port", ConfigValueFactory.fromAnyRef(listen.port()).withOrigin(origin.origin()));
    }

    private static ConfigObject renameIgnoringCase(ConfigObject file, String key) {
        if (file.containsKey(key)) {
            return file;
        }
        for (Map.Entry<String, ConfigValue> entry : file.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return file.withoutKey(entry.getKey()).withValue(key, entry.getValue());
            }
        }
        return file;
    }

    private static List<List<String>> leafPaths(ConfigObject object, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(entry.getKey());
            if (entry.getValue() instanceof ConfigObject child) {
                leafPaths(child, path, out);
            } else {
                out.add(path);
            }
        }
        return out;
    }

    private static ConfigObject remove(ConfigObject object, List<String> path, int index) {
        ConfigObject result = object;
        for (String key : object.keySet()) {
            if (!key.equalsIgnoreCase(path.get(index))) {
                continue;
            }
            if (index == path.size() - 1) {
                result = result.withoutKey(key);
            } else if (object.get(key) instanceof ConfigObject child) {
                result = result.withValue(key, remove(child, path, index + 1));
            }
        }
        return result;
    }
}
