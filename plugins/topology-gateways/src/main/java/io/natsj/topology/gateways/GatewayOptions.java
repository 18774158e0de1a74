package io.natsj.topology.gateways;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.ConfigValues;
import io.natsj.config.HostPort;
import io.natsj.config.UsedVariables;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code gateway} section, checked as nats-server 2.9.10 checks it: every key it knows is
 * either built here or refused at startup with a message naming it, so nothing is ignored.
 *
 * @param name this cluster's gateway name (the cluster name of the super-cluster)
 * @param host the interface the gateway listener binds
 * @param port the gateway port; 0 for an ephemeral one
 * @param advertise the {@code host:port} other clusters should dial instead of the listener's, or null
 * @param remotes the gateways configured explicitly (never this cluster's own)
 * @param rejectUnknown true to refuse inbound connections from clusters not configured
 * @param connectRetries how many more times an implicit gateway is dialled after a failure
 * @param user the user other clusters must present ({@code authorization}), or null for none;
 *        also what this server presents when dialling
 * @param password that user's password
 * @param authTimeout how long an inbound connection has to send CONNECT when a user is set
 */
record GatewayOptions(String name, String host, int port, String advertise, List<Remote> remotes,
        boolean rejectUnknown, int connectRetries, String user, String password, Duration authTimeout) {

    /** nats-server's AUTH_TIMEOUT, the default {@code gateway.authorization.timeout}. */
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(2);

    /**
     * A configured remote gateway.
     *
     * @param name the remote cluster's gateway name
     * @param urls where its servers listen for gateways ({@code host:port})
     * @param tls its own {@code tls} block, or null to dial it with the section's
     * @param tlsPath that block's config path, for errors
     * @param credentials per URL ({@code host:port}) the user and password its user info gives,
     *        presented instead of the section's {@code authorization} when dialling it
     */
    record Remote(String name, List<String> urls, Config tls, String tlsPath, Map<String, List<String>> credentials) {
    }

    /**
     * @param section the {@code gateway} section
     * @return the checked options
     * @throws PluginException naming the first key that is wrong or not built
     */
    static GatewayOptions read(Config section) {
        String name = null;
        String host = "0.0.0.0";
        Integer port = null;
        String advertise = null;
        List<Remote> remotes = List.of();
        boolean rejectUnknown = false;
        int connectRetries = 0;
        String[] auth = new String[2];
        Duration authTimeout = DEFAULT_AUTH_TIMEOUT;
        try {
            for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
                ConfigValue v = e.getValue();
                if (v == null || v.valueType() == ConfigValueType.NULL || UsedVariables.isUsedVariable(v)) {
                    continue;
                }
                String key = quoted(e.getKey());
                String path = "gateway." + e.getKey();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "name" -> name = ConfigValues.string(section, key);
                    case "host", "net" -> host = ConfigValues.string(section, key);
                    case "port" -> port = ConfigValues.integer(section, key);
                    case "listen" -> {
                        HostPort hp = ConfigValues.hostPort(section, key);
                        if (!hp.host().isEmpty()) {
                            host = hp.host();
                        }
                        port = hp.port();
                    }
                    case "advertise" -> advertise = ConfigValues.string(section, key);
                    case "connect_retries" -> connectRetries = ConfigValues.integer(section, key);
                    case "reject_unknown", "reject_unknown_cluster" -> rejectUnknown = ConfigValues.bool(section, key);
                    case "gateways" -> remotes = remotes(v, path);
                    case "tls" -> {
                        // Read and checked by the TLS plugin, through TopologyRequest.tls("tls", true).
                    }
                    case "authorization" -> authTimeout = authorization(v, path, auth);
                    default -> throw new PluginException(path + ": unknown field \"" + e.getKey() + "\"");
                }
            }
        } catch (ConfigException.BadValue bad) {
            throw new PluginException(bad.getMessage());
        }
        if (name == null || name.isEmpty()) {
            throw new PluginException("gateway has no name");
        }
        if (name.contains(" ")) {
            throw new PluginException("gateway name \"" + name + "\" cannot contain spaces");
        }
        if (port == null || port == 0) {
            throw new PluginException("gateway \"" + name + "\" has no port specified (select -1 for random port)");
        }
        if (port < -1 || port > 65535) {
            throw new PluginException("gateway.port: " + port + " is not a port");
        }
        List<Remote> others = new ArrayList<>();
        for (Remote r : remotes) {
            if (!r.name().equals(name)) {
                others.add(r);
            }
        }
        return new GatewayOptions(name, host, port == -1 ? 0 : port, advertise, List.copyOf(others), rejectUnknown,
                connectRetries, auth[0], auth[1], authTimeout);
    }

    private static List<Remote> remotes(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.LIST) {
            throw new PluginException(path + ": expected a list of gateways");
        }
        List<Remote> out = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) v.unwrapped()) {
            String at = path + "[" + i + "]";
            Config tls = null;
            if (!(o instanceof Map<?, ?> m)) {
                throw new PluginException(at + ": expected a map with name and url or urls");
            }
            String name = null;
            List<String> urls = new ArrayList<>();
            Map<String, List<String>> credentials = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                switch (key.toLowerCase(Locale.ROOT)) {
                    case "name" -> name = String.valueOf(value);
                    case "url" -> urls.add(url(String.valueOf(value), at + ".url", credentials));
                    case "urls" -> {
                        if (!(value instanceof List<?> list)) {
                            throw new PluginException(at + ".urls: expected a list of URLs");
                        }
                        for (Object u : list) {
                            urls.add(url(String.valueOf(u), at + ".urls", credentials));
                        }
                    }
                    case "tls" -> {
                        ConfigValue entry = ((com.typesafe.config.ConfigList) v).get(i);
                        tls = ((com.typesafe.config.ConfigObject) entry).toConfig().getConfig(quoted(key));
                    }
                    default -> throw new PluginException(at + ": unknown field \"" + key + "\"");
                }
            }
            if (name == null || name.isEmpty()) {
                throw new PluginException("gateway in the list " + i + " has no name");
            }
            if (urls.isEmpty()) {
                throw new PluginException("gateway \"" + name + "\" has no URL");
            }
            out.add(new Remote(name, List.copyOf(urls), tls, at + ".tls", Map.copyOf(credentials)));
            i++;
        }
        return List.copyOf(out);
    }

    /** @return {@code host:port}, its user info (if any) kept in {@code credentials} */
    private static String url(String text, String path, Map<String, List<String>> credentials) {
        String hostPort = GatewayUrls.hostPort(text, path);
        String[] c = GatewayUrls.credentials(text);
        if (c != null) {
            credentials.put(hostPort, List.of(c));
        }
        return hostPort;
    }

    /**
     * nats-server's gateway {@code authorization}: one user and password, an optional
     * timeout; tokens and user lists are refused with nats-server's words.
     *
     * @return the timeout
     */
    private static Duration authorization(ConfigValue v, String path, String[] auth) {
        if (!(v instanceof com.typesafe.config.ConfigObject obj)) {
            throw new PluginException(path + ": expected a map");
        }
        Duration timeout = DEFAULT_AUTH_TIMEOUT;
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            Object value = e.getValue().unwrapped();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> auth[0] = String.valueOf(value);
                case "pass", "password" -> auth[1] = String.valueOf(value);
                case "timeout" -> {
                    if (!(value instanceof Number n)) {
                        throw new PluginException(path + ".timeout: expected a number of seconds");
                    }
                    timeout = Duration.ofMillis(Math.round(n.doubleValue() * 1000));
                }
                case "token" -> throw new PluginException("Gateway authorization does not support tokens");
                case "users" -> throw new PluginException("Gateway authorization does not allow multiple users");
                default -> throw new PluginException(path + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        return timeout;
    }

    private static String quoted(String key) {
        return com.typesafe.config.ConfigUtil.joinPath(key);
    }
}
