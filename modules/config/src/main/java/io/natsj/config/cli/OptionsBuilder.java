package io.natsj.config.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns parsed flag values into {@link CommandLineOptions}, applying nats-server's special rules
 * ({@code ConfigureOptions}, {@code overrideTLS}, {@code overrideCluster}).
 */
final class OptionsBuilder {

    private static final String ORIGIN = "command line";

    private final Map<Flag, Object> flags;
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final List<List<String>> replaced = new ArrayList<>();

    private OptionsBuilder(Map<Flag, Object> flags) {
        this.flags = flags;
    }

    static CommandLineOptions build(Map<Flag, Object> flags, List<String> positional) throws CommandLineException {
        return new OptionsBuilder(flags).build(positional);
    }

    private CommandLineOptions build(List<String> positional) throws CommandLineException {
        CommandLineOptions.Action action = CommandLineOptions.Action.RUN;
        if (isTrue(Flag.VERSION)) {
            action = CommandLineOptions.Action.VERSION;
        } else if (isTrue(Flag.HELP)) {
            action = CommandLineOptions.Action.HELP;
        } else if (isTrue(Flag.HELP_TLS)) {
            action = CommandLineOptions.Action.HELP_TLS;
        } else if (!positional.isEmpty()) {
            action = switch (positional.getFirst()) {
                case "version" -> CommandLineOptions.Action.VERSION;
                case "help" -> CommandLineOptions.Action.HELP;
                default -> throw new CommandLineException("unrecognized command: \"" + positional.getFirst() + "\"");
            };
        }
        Optional<SignalRequest> signal = Optional.empty();
        String signalText = (String) flags.get(Flag.SIGNAL);
        if (action == CommandLineOptions.Action.RUN && signalText != null && !signalText.isEmpty()) {
            signal = Optional.of(SignalRequest.parse(signalText));
            action = CommandLineOptions.Action.SIGNAL;
        }
        String config = (String) flags.get(Flag.CONFIG);
        Optional<Path> configFile = config == null || config.isEmpty() ? Optional.empty() : Optional.of(Path.of(config));
        if (action == CommandLineOptions.Action.RUN && isTrue(Flag.TEST_CONFIG)) {
            if (configFile.isEmpty()) {
                throw new CommandLineException("must specify [-c, --config] option to check configuration file syntax");
            }
            action = CommandLineOptions.Action.TEST_CONFIG;
        }
        serverOptions();
        logOptions();
        clusterOptions();
        tlsOptions();
        Config config0 = ConfigValueFactory.fromMap(overrides, ORIGIN).toConfig();
        return new CommandLineOptions(action, configFile, signal, config0, replaced);
    }

    private void serverOptions() {
        copy(Flag.PORT, "port");
        copy(Flag.SERVER_NAME, "server_name");
        copy(Flag.HOST, "host");
        replacedIf(Flag.HOST, "net");
        copy(Flag.CLIENT_ADVERTISE, "client_advertise");
        copy(Flag.USER, "authorization", "user");
        replacedIf(Flag.USER, "authorization", "username");
        copy(Flag.PASS, "authorization", "password");
        replacedIf(Flag.PASS, "authorization", "pass");
        copy(Flag.AUTH, "authorization", "token");
        copy(Flag.HTTP_PORT, "http_port");
        replacedIf(Flag.HTTP_PORT, "monitor_port");
        copy(Flag.HTTPS_PORT, "https_port");
        copy(Flag.PID_FILE, "pid_file");
        replacedIf(Flag.PID_FILE, "pidfile");
        copy(Flag.PORTS_FILE_DIR, "ports_file_dir");
        copy(Flag.PROFILE, "prof_port");
        copy(Flag.JETSTREAM, "jetstream");
        copy(Flag.STORE_DIR, "store_dir");
        replacedIf(Flag.STORE_DIR, "storedir");
        replacedIf(Flag.STORE_DIR, "jetstream", "store");
        replacedIf(Flag.STORE_DIR, "jetstream", "store_dir");
        replacedIf(Flag.STORE_DIR, "jetstream", "storedir");
    }

    private void logOptions() {
        copy(Flag.DEBUG, "debug");
        copy(Flag.TRACE, "trace");
        copy(Flag.LOGTIME, "logtime");
        copy(Flag.LOGTIME_UTC, "logtime_utc");
        copy(Flag.LOG_FILE, "log_file");
        replacedIf(Flag.LOG_FILE, "logfile");
        copy(Flag.LOG_SIZE_LIMIT, "log_size_limit");
        replacedIf(Flag.LOG_SIZE_LIMIT, "logfile_size_limit");
        copy(Flag.SYSLOG, "syslog");
        copy(Flag.REMOTE_SYSLOG, "remote_syslog");
        copy(Flag.MAX_TRACED_MSG_LEN, "max_traced_msg_len");
        // nats-server applies the combined flags after the single ones, in this order.
        if (flags.get(Flag.DEBUG_TRACE) instanceof Boolean on) {
            put(on, "debug");
            put(on, "trace");
        }
        if (flags.get(Flag.DEBUG_VERBOSE_TRACE) instanceof Boolean on) {
            put(on, "debug");
            put(on, "trace");
            put(on, "trace_verbose");
        }
        if (flags.get(Flag.VERBOSE_TRACE) instanceof Boolean on) {
            put(on, "trace");
            put(on, "trace_verbose");
        }
    }

    private void clusterOptions() throws CommandLineException {
        copy(Flag.CLUSTER_NAME, "cluster", "name");
        copy(Flag.CLUSTER_ADVERTISE, "cluster", "advertise");
        replacedIf(Flag.CLUSTER_ADVERTISE, "cluster", "cluster_advertise");
        copy(Flag.NO_ADVERTISE, "cluster", "no_advertise");
        copy(Flag.CONNECT_RETRIES, "cluster", "connect_retries");
        if (flags.get(Flag.ROUTES) instanceof String routes) {
            List<String> urls = Arrays.stream(routes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            put(urls, "cluster", "routes");
        }
        if (flags.get(Flag.CLUSTER) instanceof String url) {
            clusterListen(url);
        }
    }

    /** nats-server's overrideCluster: an empty URL disables clustering, else host/port/credentials. */
    private void clusterListen(String url) throws CommandLineException {
        if (url.isEmpty()) {
            put(null, "cluster", "listen");
            put(0L, "cluster", "port");
            return;
        }
        boolean randomPort = url.endsWith(":-1");
        String parsable = randomPort ? url.substring(0, url.length() - 3) + ":0" : url;
        URI uri;
        try {
            uri = new URI(parsable);
        } catch (URISyntaxException e) {
            throw new CommandLineException("parse \"" + url + "\": " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new CommandLineException("address " + url + ": missing port in address");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = randomPort ? -1 : uri.getPort();
        put((host.contains(":") ? "[" + host + "]" : host) + ":" + port, "cluster", "listen");
        replaced.add(List.of("cluster", "host"));
        replaced.add(List.of("cluster", "port"));
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new CommandLineException("expected cluster password to be set");
            }
            put(userInfo.substring(0, colon), "cluster", "authorization", "user");
            put(userInfo.substring(colon + 1), "cluster", "authorization", "password");
        } else {
            // No credentials in the URL clears those of the file, as nats-server does.
            put(null, "cluster", "authorization", "user");
            put(null, "cluster", "authorization", "password");
        }
        replaced.add(List.of("cluster", "authorization", "username"));
        replaced.add(List.of("cluster", "authorization", "pass"));
    }

    /** nats-server's overrideTLS: any --tls* flag builds the whole tls block from flags alone. */
    private void tlsOptions() throws CommandLineException {
        if (Boolean.FALSE.equals(flags.get(Flag.TLS))) {
            put(null, "tls");
            return;
        }
        boolean anyTls = flags.containsKey(Flag.TLS) || flags.containsKey(Flag.TLS_VERIFY)
                || flags.containsKey(Flag.TLS_CERT) || flags.containsKey(Flag.TLS_KEY) || flags.containsKey(Flag.TLS_CA_CERT);
        if (!anyTls) {
            return;
        }
        String cert = (String) flags.getOrDefault(Flag.TLS_CERT, "");
        String key = (String) flags.getOrDefault(Flag.TLS_KEY, "");
        if (cert.isEmpty()) {
            throw new CommandLineException("TLS Server certificate must be present and valid");
        }
        if (key.isEmpty()) {
            throw new CommandLineException("TLS Server private key must be present and valid");
        }
        put(cert, "tls", "cert_file");
        put(key, "tls", "key_file");
        String ca = (String) flags.getOrDefault(Flag.TLS_CA_CERT, "");
        if (!ca.isEmpty()) {
            put(ca, "tls", "ca_file");
        }
        put(flags.getOrDefault(Flag.TLS_VERIFY, false), "tls", "verify");
        replaced.add(List.of("tls"));
    }

    private boolean isTrue(Flag flag) {
        return Boolean.TRUE.equals(flags.get(flag));
    }

    private void copy(Flag flag, String... path) {
        if (flags.containsKey(flag)) {
            put(flags.get(flag), path);
        }
    }

    private void replacedIf(Flag flag, String... path) {
        if (flags.containsKey(flag)) {
            replaced.add(List.of(path));
        }
    }

    @SuppressWarnings("unchecked")
    private void put(Object value, String... path) {
        Map<String, Object> map = overrides;
        for (int i = 0; i < path.length - 1; i++) {
            map = (Map<String, Object>) map.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        }
        map.put(path[path.length - 1], value == null ? ConfigValueFactory.fromAnyRef(null, ORIGIN) : value);
    }
}
