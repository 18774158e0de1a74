package io.natsj.transport.websocket;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.config.GoDuration;
import io.natsj.config.HostPort;
import io.natsj.config.UsedVariables;
import io.natsj.spi.PluginException;
import io.natsj.spi.transport.ListenerAuthorization;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code websocket} section, checked as nats-server 2.9.10 reads it: every key it knows is
 * built here or refused at startup by name, and so is a listener without TLS unless
 * {@code no_tls} says so.
 *
 * @param host the interface to bind ({@code 0.0.0.0} by default)
 * @param port the port; 0 asks for an ephemeral one (nats-server's {@code -1})
 * @param advertise the {@code host:port} clients are told instead, or null
 * @param noTls true when the listener may run without TLS
 * @param hasTls true when the section has a {@code tls} block
 * @param sameOrigin true to refuse a browser whose Origin is not this server
 * @param allowedOrigins the origins a browser may come from; empty for any
 * @param handshakeTimeout how long the HTTP upgrade may take; zero for no limit
 * @param compression true to accept per-message deflate when a client offers it
 * @param authorization the section's own authentication ({@code authorization},
 *        {@code no_auth_user}, {@code jwt_cookie}), which the kernel applies
 */
record WebSocketOptions(String host, int port, String advertise, boolean noTls, boolean hasTls,
        boolean sameOrigin, List<String> allowedOrigins, Duration handshakeTimeout, boolean compression,
        ListenerAuthorization authorization) {

    /** The connection type of leaf nodes that come over WebSocket, as a user JWT names it. */
    static final String LEAF_CONNECTION_TYPE = "LEAFNODE_WS";

    /**
     * @param section the {@code websocket} section
     * @return the checked options
     * @throws PluginException naming the first key that is wrong or not built
     */
    static WebSocketOptions read(Config section) {
        String host = "";
        int port = 0;
        String advertise = null;
        boolean noTls = false;
        boolean sameOrigin = false;
        List<String> origins = List.of();
        Duration handshakeTimeout = Duration.ZERO;
        boolean compression = false;
        Config credentials = ConfigFactory.empty();
        Duration authTimeout = null;
        String noAuthUser = null;
        String jwtCookie = null;
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            ConfigValue v = e.getValue();
            if (v == null || v.valueType() == ConfigValueType.NULL || UsedVariables.isUsedVariable(v)) {
                continue;
            }
            String path = "websocket." + e.getKey();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "listen" -> {
                    HostPort hp = listen(v, path);
                    host = hp.host();
                    port = hp.port();
                }
                case "port" -> port = integer(v, path);
                case "host", "net" -> host = string(v, path);
                case "advertise" -> advertise = string(v, path);
                case "no_tls" -> noTls = bool(v, path);
                case "tls" -> {
                    // Read and checked by the TLS plugin; the kernel hands the context over.
                }
                case "same_origin" -> sameOrigin = bool(v, path);
                case "allowed_origins", "allowed_origin", "allow_origins", "allow_origin", "origins", "origin" ->
                        origins = origins(v, path);
                case "handshake_timeout" -> handshakeTimeout = duration(v, path);
                case "compress", "compression" -> compression = bool(v, path);
                case "authorization", "authentication" -> {
                    SimpleAuth auth = SimpleAuth.read(v, path);
                    credentials = auth.credentials();
                    authTimeout = auth.timeout();
                }
                case "no_auth_user" -> noAuthUser = emptyToNull(string(v, path));
                case "jwt_cookie" -> jwtCookie = emptyToNull(string(v, path));
                default -> throw new PluginException(path + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        if (port == 0) {
            // nats-server starts no websocket listener then, without a word; natsj says so.
            throw new PluginException("websocket: no port given (websocket.port or websocket.listen)");
        }
        if (port < -1 || port > 65535) {
            throw new PluginException("websocket.port: " + port + " is not a port");
        }
        boolean hasTls = section.hasPath("tls");

        if (!hasTls && !noTls) {
            throw new PluginException("websocket requires TLS configuration");
        }
        return new WebSocketOptions(host.isEmpty() ? "0.0.0.0" : host, port == -1 ? 0 : port, advertise,
                noTls, hasTls, sameOrigin, origins, handshakeTimeout, compression,
                new ListenerAuthorization("websocket", credentials, noAuthUser, authTimeout, jwtCookie,
                        LEAF_CONNECTION_TYPE));
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static HostPort listen(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            return new HostPort("", integer(v, path));
        }
        try {
            return HostPort.parse(string(v, path));
        } catch (IllegalArgumentException e) {
            throw new PluginException(path + ": " + e.getMessage());
        }
    }

    private static List<String> origins(ConfigValue v, String path) {
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.STRING) {
            out.add((String) v.unwrapped());
        } else if (v.valueType() == ConfigValueType.LIST) {
            for (Object o : (List<?>) v.unwrapped()) {
                if (!(o instanceof String s)) {
                    throw new PluginException(path + ": expected a list of origins, got " + o);
                }
                out.add(s);
            }
        } else {
            throw new PluginException(path + ": expected a list of origins");
        }
        for (String origin : out) {
            try {
                URI.create(origin);
            } catch (IllegalArgumentException e) {
                throw new PluginException("unable to parse allowed origin: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static Duration duration(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            return Duration.ofSeconds(((Number) v.unwrapped()).longValue());
        }
        try {
            return GoDuration.parse(string(v, path));
        } catch (IllegalArgumentException e) {
            throw new PluginException(path + ": " + e.getMessage());
        }
    }

    static String string(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.STRING) {
            throw new PluginException(path + ": expected a string, got " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (String) v.unwrapped();
    }

    private static int integer(ConfigValue v, String path) {
        if (v.unwrapped() instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new PluginException(path + ": expected an integer, got " + v.unwrapped());
    }

    private static boolean bool(ConfigValue v, String path) {
        if (v.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) v.unwrapped();
        }
        throw new PluginException(path + ": expected true or false, got " + v.unwrapped());
    }
}
