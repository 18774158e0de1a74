package io.natsj.kernel.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.natsj.config.ConfigValues;
import io.natsj.config.HostPort;
import io.natsj.kernel.client.ClientLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel's own options, read from the top level of the configuration with nats-server's
 * names, defaults and case-insensitive keys.
 *
 * @param host the client listener's interface
 * @param port the client port; 0 for an ephemeral one ({@code -1} in the config)
 * @param serverName the configured name, or null to use the server id
 * @param clientAdvertise the client URL to advertise instead of the listener's, or null
 * @param limits per-connection limits
 * @param maxConnections connections accepted at once
 * @param lameDuckDuration how long lame duck mode spreads client closes over
 * @param lameDuckGracePeriod how long lame duck mode waits before closing the first client
 * @param monitorHost the monitoring listener's interface
 * @param monitorPort the monitoring port; 0 for an ephemeral one; -1 when monitoring is off
 * @param headers whether the server supports headers ({@code no_header_support} turns it off)
 * @param allowNonTls with a {@code tls} block, whether clients may also connect without TLS
 *        ({@code allow_non_tls})
 * @param debug log debug lines
 * @param trace log protocol traces
 * @param logTime prefix log lines with the time
 * @param logFile the log file, or null for standard error
 * @param pidFile where to write the process id, or null
 * @param portsFileDir where to write the ports file, or null
 */
public record ServerOptions(String host, int port, String serverName, String clientAdvertise,
                            ClientLimits limits, int maxConnections,
                            Duration lameDuckDuration, Duration lameDuckGracePeriod,
                            String monitorHost, int monitorPort, boolean headers, boolean allowNonTls,
                            boolean debug, boolean trace, boolean logTime,
                            Path logFile, Path pidFile, Path portsFileDir) {

    static final int DEFAULT_PORT = 4222;
    static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
    static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;

    /**
     * Reads the kernel's options.
     *
     * @param config the whole configuration (top-level keys in any case)
     * @return the options
     * @throws ConfigException when a value is invalid (the message names the key)
     */
    public static ServerOptions from(Config config) {
        Keys k = new Keys(config);
        String host = "0.0.0.0";
        int port = DEFAULT_PORT;
        if (k.has("listen")) {
            HostPort hp = ConfigValues.hostPort(config, k.path("listen"));
            host = hp.host() == null || hp.host().isEmpty() ? host : hp.host();
            port = hp.port();
        }
        if (k.has("host")) {
            host = k.string("host");
        } else if (k.has("net")) {
            host = k.string("net");
        }
        if (k.has("port")) {
            port = k.integer("port");
        }
        int maxPayload = (int) k.size("max_payload", DEFAULT_MAX_PAYLOAD);
        long maxPending = k.size("max_pending", DEFAULT_MAX_PENDING);
        if (maxPayload > maxPending) {
            throw new ConfigException.BadValue(config.origin(), "max_payload",
                    "max_payload (" + maxPayload + ") cannot be higher than max_pending (" + maxPending + ")");
        }
        ClientLimits limits = new ClientLimits(
                maxPayload,
                (int) k.size("max_control_line", 4096),
                maxPending,
                k.has("max_subscriptions") ? k.integer("max_subscriptions") : k.integerOr("max_subs", 0),
                k.duration("ping_interval", Duration.ofMinutes(2)),
                k.integerOr("ping_max", 2),
                k.duration("write_deadline", Duration.ofSeconds(10)));
        Duration lameDuckDuration = k.duration("lame_duck_duration", Duration.ofMinutes(2));
        if (lameDuckDuration.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new ConfigException.BadValue(config.origin(), "lame_duck_duration", "invalid lame_duck_duration of "
                    + GoDurations.format(lameDuckDuration) + ", minimum is 30 seconds");
        }
        Duration lameDuckGrace = k.duration("lame_duck_grace_period", Duration.ofSeconds(10));
        if (lameDuckGrace.isNegative()) {
            throw new ConfigException.BadValue(config.origin(), "lame_duck_grace_period",
                    "invalid lame_duck_grace_period, needs to be positive");
        }
        int maxConnections = k.has("max_connections") ? k.integer("max_connections") : k.integerOr("max_conn", 64 * 1024);
        String monitorHost = host;
        int monitorPort = 0;
        if (k.has("http")) {
            HostPort hp = ConfigValues.hostPort(config, k.path("http"));
            monitorHost = hp.host() == null || hp.host().isEmpty() ? host : hp.host();
            monitorPort = hp.port();
        } else if (k.has("http_port")) {
            monitorPort = k.integer("http_port");
        } else if (k.has("monitor_port")) {
            monitorPort = k.integer("monitor_port");
        }
        return new ServerOptions(host, port < 0 ? 0 : port,
                k.has("server_name") ? k.string("server_name") : null,
                k.has("client_advertise") ? k.string("client_advertise") : null,
                limits, maxConnections,
                lameDuckDuration, lameDuckGrace,
                monitorHost, monitorPort(monitorPort),
                !k.bool("no_header_support", false), k.bool("allow_non_tls", false),
                k.bool("debug", false), k.bool("trace", false), k.bool("logtime", true),
                k.path2("log_file", "logfile"), k.path2("pid_file", "pidfile"), k.path2("ports_file_dir", null));
    }

    /** nats-server's monitor port values: 0 is off, -1 is an ephemeral port. */
    private static int monitorPort(int configured) {
        return switch (configured) {
            case 0 -> -1;
            case -1 -> 0;
            default -> configured;
        };
    }

    /** @return an empty configuration's options: nats-server's defaults */
    public static ServerOptions defaults() {
        return from(ConfigFactory.empty());
    }

    /** Case-insensitive access to top-level keys, as nats-server matches them. */
    private static final class Keys {
        private final Config config;
        private final Map<String, String> byLower = new HashMap<>();

        Keys(Config config) {
            this.config = config;
            for (String key : config.root().keySet()) {
                byLower.put(key.toLowerCase(Locale.ROOT), key);
            }
        }

        boolean has(String key) {
            String actual = byLower.get(key);
            return actual != null && config.hasPath(quote(actual));
        }

        String path(String key) {
            return quote(byLower.get(key));
        }

        String string(String key) {
            return ConfigValues.string(config, path(key));
        }

        int integer(String key) {
            return ConfigValues.integer(config, path(key));
        }

        int integerOr(String key, int dflt) {
            return has(key) ? integer(key) : dflt;
        }

        long size(String key, long dflt) {
            return has(key) ? ConfigValues.sizeInBytes(config, path(key)) : dflt;
        }

        Duration duration(String key, Duration dflt) {
            return has(key) ? ConfigValues.duration(config, path(key)) : dflt;
        }

        boolean bool(String key, boolean dflt) {
            return has(key) ? ConfigValues.bool(config, path(key)) : dflt;
        }

        Path path2(String key, String alias) {
            if (has(key)) {
                return Path.of(string(key));
            }
            return alias != null && has(alias) ? Path.of(string(alias)) : null;
        }

        private static String quote(String key) {
            return "\"" + key.replace("\"", "\\\"") + "\"";
        }
    }
}
