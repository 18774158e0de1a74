package io.natsj.topology.routes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
/**
 * The {@code cluster} section, checked: every key nats-server 2.9.10 knows is either built
 * here or refused at startup with a message naming it, so nothing is ignored silently.
 *
 * @param name the cluster name, or null when none is set (a dynamic name is then made up)
 * @param host the interface the cluster listener binds
 * @param port the cluster port; 0 for an ephemeral one, -1 when clustering is off
 * @param routes the explicit routes to solicit
 * @param advertise the {@code host:port} peers should dial instead of the listener's, or null
 * @param noAdvertise true to keep client URLs out of route INFO and peers' URLs out of client INFO
 * @param connectRetries how many more times an implicit route is dialled after a failure
 * @param user the cluster user peers must present, or null when routes need no credentials
 * @param password that user's password (plain or bcrypt)
 * @param authTimeout how long an accepted route may take to send CONNECT when a user is set
 * @param poolSize the route pool size as configured: greater than 1 advertises {@code route_pool_size}
 *     and keeps that many connections to a peer that advertises the same; -1, 0 or 1 (the default 0)
 *     keep one connection per peer, as nats-server 2.9
 */
record ClusterOptions(String name, String host, int port, List<RouteUrl> routes, String advertise,
        boolean noAdvertise, int connectRetries, String user, String password, Duration authTimeout,
        int poolSize) {

    /** nats-server's AUTH_TIMEOUT, the default {@code cluster.authorization.timeout}. */
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(2);

    /** Marks values whose key was only used as a {@code $variable} (set by natsj's config parser). */
    private static final String USED_VARIABLE_MARK = "natsj:used-variable";

    /**
     * @param section the {@code cluster} section
     * @return the checked options
     * @throws PluginException naming the first key that is wrong or not built
     */
    static ClusterOptions read(Config section) {
        String name = null;
        String host = "0.0.0.0";
        int port = -1;
        boolean portSet = false;
        String listen = null;
        List<RouteUrl> routes = List.of();
        String advertise = null;
        boolean noAdvertise = false;
        int connectRetries = 0;
        String user = null;
        String password = null;
        Duration authTimeout = DEFAULT_AUTH_TIMEOUT;
        int poolSize = 0;
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            ConfigValue v = e.getValue();
            if (v == null || v.valueType() == ConfigValueType.NULL || isUsedVariable(v)) {
                continue;
            }
            String key = e.getKey().toLowerCase(Locale.ROOT);
            String path = "cluster." + e.getKey();
            switch (key) {
                case "name" -> name = string(v, path);
                case "host", "net" -> host = string(v, path);
                case "port" -> {
                    port = integer(v, path);
                    portSet = true;
                }
                case "listen" -> listen = v.valueType() == ConfigValueType.NUMBER
                        ? ":" + integer(v, path) : string(v, path);
                case "routes" -> routes = routes(v, path);
                case "advertise", "cluster_advertise" -> advertise = string(v, path);
                case "no_advertise" -> noAdvertise = bool(v, path);
                case "connect_retries" -> connectRetries = integer(v, path);
                case "authorization" -> {
                    String[] auth = new String[2];
                    authTimeout = authorization(v, path, auth);
                    user = auth[0];
                    password = auth[1];
                }
                case "pool_size" -> poolSize = integer(v, path);
                case "tls" -> {
                    // Read and checked by the TLS plugin, through TopologyRequest.tls("tls", true).
                }
                case "permissions" -> throw new PluginException(path
                        + ": route permissions (import/export) are not supported by natsj yet");
                case "accounts", "compression", "ping_interval", "ping_max" -> throw new PluginException(
                        path + ": not supported by natsj yet (a nats-server 2.10 option)");
                default -> throw new PluginException(path + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new PluginException("cluster.listen: \"" + listen + "\" is not host:port");
            }
            String h = listen.substring(0, colon);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (!h.isEmpty()) {
                host = h;
            }
            port = parsePort(listen.substring(colon + 1), "cluster.listen");
            portSet = true;
        }
        if (!portSet) {
            port = 0; // as nats-server: a cluster block without a port does not cluster
        }
        return new ClusterOptions(name, host, normalisePort(port), routes, advertise, noAdvertise,
                connectRetries, user, password, authTimeout, poolSize);
    }

    /** @return true when a listener is to be opened and routes solicited */
    boolean enabled() {
        return port >= 0;
    }

    /** Config port: -1 means random (bind 0); 0 or absent means clustering off (-1 here). */
    private static int normalisePort(int configured) {
        if (configured == -1) {
            return 0;
        }
        if (configured <= 0) {
            return -1;
        }
        if (configured > 65535) {
            throw new PluginException("cluster.port: " + configured + " is not a port");
        }
        return configured;
    }

    private static int parsePort(String text, String path) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new PluginException(path + ": \"" + text + "\" is not a port");
        }
    }

    private static Duration authorization(ConfigValue v, String path, String[] out) {
        if (!(v instanceof ConfigObject block)) {
            throw new PluginException(path + ": expected a map");
        }
        Duration timeout = DEFAULT_AUTH_TIMEOUT;
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            ConfigValue value = e.getValue();
            if (value == null || value.valueType() == ConfigValueType.NULL || isUsedVariable(value)) {
                continue;
            }
            String sub = path + "." + e.getKey();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> out[0] = string(value, sub);
                case "password", "pass" -> out[1] = string(value, sub);
                case "timeout" -> timeout = seconds(value, sub);
                case "users" -> throw new PluginException(path + ": Cluster authorization does not allow multiple users");
                case "token" -> throw new PluginException(path + ": Cluster authorization does not support tokens");
                case "permissions" -> throw new PluginException(sub
                        + ": route permissions are not supported by natsj yet");
                default -> throw new PluginException(sub + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        if (out[0] != null && out[0].isEmpty()) {
            out[0] = null;
        }
        if (out[0] != null && out[1] != null) {
            ClusterAuth.checkSecret(out[1], path + ".password");
        }
        return timeout;
    }

    private static List<RouteUrl> routes(ConfigValue v, String path) {
        List<RouteUrl> urls = new ArrayList<>();
        if (v.valueType() == ConfigValueType.STRING) {
            urls.add(RouteUrl.parse((String) v.unwrapped(), path));
            return List.copyOf(urls);
        }
        if (v.valueType() != ConfigValueType.LIST) {
            throw new PluginException(path + ": expected a list of route URLs");
        }
        for (Object o : (List<?>) v.unwrapped()) {
            if (!(o instanceof String s)) {
                throw new PluginException(path + ": expected a list of route URLs, got " + o);
            }
            urls.add(RouteUrl.parse(s, path));
        }
        return List.copyOf(urls);
    }

    private static Duration seconds(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            double s = ((Number) v.unwrapped()).doubleValue();
            return Duration.ofNanos((long) (s * 1_000_000_000L));
        }
        if (v.valueType() == ConfigValueType.STRING) {
            return GoDurations.parse((String) v.unwrapped(), path);
        }
        throw new PluginException(path + ": expected seconds or a duration such as \"2s\"");
    }

    private static String string(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.STRING) {
            throw new PluginException(path + ": expected a string, got " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (String) v.unwrapped();
    }

    private static int integer(ConfigValue v, String path) {
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

    private static boolean bool(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) v.unwrapped();
        }
        throw new PluginException(path + ": expected true or false, got " + v.unwrapped());
    }

    private static boolean isUsedVariable(ConfigValue value) {
        return value.origin() != null && value.origin().comments().contains(USED_VARIABLE_MARK);
    }
}
