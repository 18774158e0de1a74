package io.natsj.kernel.server;

import com.typesafe.config.Config;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyProvider;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The topology plugins of a running server: each provider whose section ({@code cluster},
 * {@code gateway}, {@code leafnodes}) is in the configuration is started once the client
 * listener is up, given only its own section and the kernel's services for peers.
 */
final class Topologies {

    private final Server server;
    private final LocalServer local;
    private final List<Topology> running = new CopyOnWriteArrayList<>();

    Topologies(Server server, LocalServer local) {
        this.server = server;
        this.local = local;
    }

    void start(PluginRegistry plugins, Config config, EventLoopGroup ioGroup) {
        // Gateways and leaf nodes first, as nats-server: the first route INFO carries this
        // server's gateway URL and leaf URL.
        List<TopologyProvider> ordered = new java.util.ArrayList<>(plugins.topologies());
        ordered.sort(java.util.Comparator.comparing(p -> p.configKey().equals("cluster")));
        for (TopologyProvider provider : ordered) {
            if (ConfigSections.hasKey(config, provider.configKey())) {
                Config section = clusterNamedAfterGateway(config, provider.configKey(),
                        ConfigSections.section(config, provider.configKey()));
                running.add(provider.start(request(plugins, provider, section, ioGroup)));
            }
        }
    }

    /**
     * nats-server's rule: in a super-cluster the cluster's name is its gateway name; a cluster
     * without a name takes it, one with another name is an error.
     */
    private static Config clusterNamedAfterGateway(Config config, String key, Config section) {
        if (!key.equals("cluster") || !config.hasPath("gateway.name")) {
            return section;
        }
        String gateway = config.getString("gateway.name");
        if (!section.hasPath("name")) {
            return section.withValue("name", com.typesafe.config.ConfigValueFactory.fromAnyRef(gateway));
        }
        if (!section.getString("name").equals(gateway)) {
            throw new io.natsj.spi.PluginException("cluster name conflicts between cluster and gateway definitions");
        }
        return section;
    }

    /**
     * Checks every topology section present as its plugin would when starting, before any
     * listener opens.
     *
     * @throws io.natsj.spi.PluginException naming the key at fault
     */
    static void check(PluginRegistry plugins, Config config) {
        for (TopologyProvider provider : plugins.topologies()) {
            if (ConfigSections.hasKey(config, provider.configKey())) {
                provider.check(clusterNamedAfterGateway(config, provider.configKey(),
                        ConfigSections.section(config, provider.configKey())));
            }
        }
    }

    /**
     * Reads the {@code tls} block of every topology section present (e.g. {@code cluster.tls}),
     * so that checking a configuration ({@code -t}) finds a missing certificate as starting
     * the server would.
     *
     * @throws io.natsj.spi.PluginException naming the block and the file at fault
     */
    static void checkTls(PluginRegistry plugins, Config config) {
        for (TopologyProvider provider : plugins.topologies()) {
            if (ConfigSections.hasKey(config, provider.configKey())) {
                Config section = ConfigSections.section(config, provider.configKey());
                if (section.hasPath("tls")) {
                    plugins.tls().create(ConfigSections.tlsRequest(section.getConfig("tls"),
                            provider.configKey() + ".tls"));
                }
            }
        }
    }

    private TopologyRequest request(PluginRegistry plugins, TopologyProvider provider, Config section,
                                    EventLoopGroup ioGroup) {
        Server self = server;
        LocalServer services = local;
        return new TopologyRequest() {
            @Override
            public Config config() {
                return section;
            }

            @Override
            public ServerIdentity server() {
                return self;
            }

            @Override
            public EventLoopGroup ioGroup() {
                return ioGroup;
            }

            @Override
            public Transport listen(ListenerRole role, String host, int port, ConnectionInitializer initializer) {
                return plugins.transport("tcp").open(self.request(role, host, port, initializer));
            }

            @Override
            public Optional<TlsContext> tls(String tlsPath) {
                return tls(tlsPath, false);
            }

            @Override
            public Optional<TlsContext> tls(String tlsPath, boolean verifyPeers) {
                if (!section.hasPath(tlsPath)) {
                    return Optional.empty();
                }
                return Optional.of(plugins.tls().create(ConfigSections.tlsRequest(section.getConfig(tlsPath),
                        provider.configKey() + "." + tlsPath, verifyPeers)));
            }

            @Override
            public TlsContext tls(Config block, String name, boolean verifyPeers) {
                return plugins.tls().create(ConfigSections.tlsRequest(block, name, verifyPeers));
            }

            @Override
            public TlsContext dialTls(Config block, String name) {
                return plugins.tls().create(ConfigSections.dialTlsRequest(block, name));
            }

            @Override
            public LocalServer local() {
                return services;
            }

            @Override
            public void acceptFrom(ListenerRole role, ConnectionInitializer initializer) {
                self.peerInitializers().register(role, initializer);
            }

            @Override
            public boolean canDial(String scheme) {
                return dialer(plugins, scheme) != null;
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> dial(io.natsj.spi.transport.DialRequest dial) {
                io.natsj.spi.transport.TransportProvider p = dialer(plugins, dial.scheme());
                if (p == null) {
                    throw new io.natsj.spi.PluginException("no transport plugin in this runtime image dials "
                            + dial.scheme() + ":// (the websocket transport, module io.natsj.transport.websocket)");
                }
                return p.dial(dial);
            }
        };
    }

    private static io.natsj.spi.transport.TransportProvider dialer(PluginRegistry plugins, String scheme) {
        for (io.natsj.spi.transport.TransportProvider p : plugins.transports()) {
            if (p.dialSchemes().contains(scheme)) {
                return p;
            }
        }
        return null;
    }

    /** @return the topologies started */
    List<Topology> running() {
        return List.copyOf(running);
    }

    /** Tells every topology the server entered lame duck mode. */
    void lameDuck() {
        for (Topology t : running) {
            t.lameDuck();
        }
    }

    /** Closes every topology: peers are dropped before the clients are. */
    void close() {
        for (Topology t : running) {
            t.close();
        }
        running.clear();
    }
}
