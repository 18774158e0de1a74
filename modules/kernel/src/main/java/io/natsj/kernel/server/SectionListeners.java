package io.natsj.kernel.server;

import com.typesafe.config.Config;
import io.natsj.kernel.auth.Authentication;
import io.natsj.kernel.auth.ListenerAuthentication;
import io.natsj.kernel.client.ClientChannelInitializer;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerAuthorization;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.natsj.spi.transport.TransportProvider;
import io.natsj.spi.transport.TransportRequest;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client listeners a transport opens from its own config section ({@code websocket {}}),
 * besides the {@code tcp} one: one per transport whose section is present. Their clients are
 * ordinary client connections; only the byte stream in front differs.
 */
final class SectionListeners {

    private record Open(TransportProvider provider, Transport transport, TlsContext tls) {
    }

    private final Server server;
    private final List<Open> open = new ArrayList<>();

    SectionListeners(Server server) {
        this.server = server;
    }

    /**
     * Checks what {@link #start} will read before anything is bound (and for {@code -t}): each
     * section as its provider reads it, and its {@code tls} block made into a TLS context, so
     * that a bad section stops startup early.
     */
    static void checkTls(PluginRegistry plugins, Config config) {
        for (TransportProvider p : plugins.transports()) {
            if (p.listensFromSection() && ConfigSections.hasKey(config, p.configKey())) {
                Config section = ConfigSections.section(config, p.configKey());
                p.check(section);
                tls(plugins, section, p.configKey());
            }
        }
    }

    /**
     * The authentication of each section listener that has settings of its own (nats-server's
     * websocket {@code authorization}, {@code no_auth_user}, {@code jwt_cookie}), derived from
     * the server's and checked with nats-server's messages; a listener's {@code no_auth_user}
     * also goes to the server's authentication for the leaf nodes it takes.
     *
     * @param plugins the plugins
     * @param config the whole configuration
     * @param server the server's authentication
     * @return the listeners' authentication by transport name (those without settings absent)
     */
    static Map<String, Authentication> authentications(PluginRegistry plugins, Config config, Authentication server) {
        Map<String, Authentication> result = new java.util.HashMap<>();
        for (TransportProvider p : plugins.transports()) {
            if (!p.listensFromSection() || !ConfigSections.hasKey(config, p.configKey())) {
                continue;
            }
            ListenerAuthorization own = p.authorization(ConfigSections.section(config, p.configKey())).orElse(null);
            if (own == null || own.isEmpty()) {
                continue;
            }
            result.put(p.name(), ListenerAuthentication.derive(server, own, plugins.authenticators()));
            if (own.leafConnectionType() != null && own.noAuthUser() != null) {
                server.peerNoAuthUser(own.leafConnectionType(), own.noAuthUser());
            }
        }
        return Map.copyOf(result);
    }

    private static TlsContext tls(PluginRegistry plugins, Config section, String key) {
        if (!section.hasPath("tls")) {
            return null;
        }
        return plugins.tls().create(ConfigSections.tlsRequest(section.getConfig("tls"), key + ".tls"));
    }

    /** Opens a listener for every transport whose section the configuration has. */
    void start(PluginRegistry plugins, Config config, ClientChannelInitializer initializer) {
        for (TransportProvider p : plugins.transports()) {
            if (!p.listensFromSection() || !ConfigSections.hasKey(config, p.configKey())) {
                continue;
            }
            Config section = ConfigSections.section(config, p.configKey());
            TlsContext tls = tls(plugins, section, p.configKey());
            open.add(new Open(p, p.open(request(section, tls, initializer)), tls));
        }
    }

    private TransportRequest request(Config section, TlsContext tls, ConnectionInitializer initializer) {
        ServerOptions options = server.options();
        int clientPort = server.clientPort();
        return new TransportRequest() {
            public Config config() {
                return section;
            }
            public ListenerRole role() {
                return ListenerRole.CLIENT;
            }
            public String host() {
                return options.host();
            }
            public int port() {
                return clientPort;
            }
            public EventLoopGroup acceptGroup() {
                return server.acceptGroup();
            }
            public EventLoopGroup ioGroup() {
                return server.ioGroup();
            }
            public ConnectionInitializer initializer() {
                return initializer;
            }
            public ConnectionInitializer initializer(ListenerRole role) {
                return role == ListenerRole.CLIENT ? initializer : server.peerInitializers().find(role);
            }
            public ServerIdentity server() {
                return server;
            }
            public TlsContext tls() {
                return tls;
            }
        };
    }

    /**
     * @param configKey a transport's section key, for example {@code websocket}
     * @return what /varz shows for it, empty when it is not open
     */
    Map<String, Object> varz(String configKey) {
        for (Open o : open) {
            if (o.provider().configKey().equals(configKey)) {
                return o.transport().varz();
            }
        }
        return Map.of();
    }

    /**
     * @param transportName a transport's name
     * @return the TLS of its section's listener (for {@code verify_and_map} of its clients), or null
     */
    TlsContext tls(String transportName) {
        for (Open o : open) {
            if (o.provider().name().equals(transportName)) {
                return o.tls();
            }
        }
        return null;
    }

    /** @return the connect URLs of the open listeners (WebSocket), in INFO for their clients and in route INFO */
    List<String> connectUrls() {
        List<String> urls = new ArrayList<>();
        for (Open o : open) {
            urls.addAll(o.transport().connectUrls());
        }
        return List.copyOf(urls);
    }

    /** @return each open listener's section key with its URLs, for the ports file */
    Map<String, List<String>> listenUrls() {
        Map<String, List<String>> urls = new java.util.LinkedHashMap<>();
        for (Open o : open) {
            if (!o.transport().listenUrls().isEmpty()) {
                urls.put(o.provider().configKey(), o.transport().listenUrls());
            }
        }
        return urls;
    }

    /** Stops accepting on every listener; their clients stay until the kernel closes them. */
    void close() {
        for (Open o : open) {
            o.transport().close();
        }
    }
}
