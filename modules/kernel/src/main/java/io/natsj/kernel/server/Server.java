package io.natsj.kernel.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.kernel.imports.AccountImports;
import io.natsj.kernel.system.SystemAccount;
import io.natsj.kernel.auth.Authentication;
import io.natsj.kernel.client.ClientChannelInitializer;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.client.ClientLimits;
import io.natsj.kernel.client.ClientServices;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.monitor.ClosedConnections;
import io.natsj.kernel.monitor.MonitorServer;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.natsj.spi.transport.TransportRequest;
import io.natsj.spi.topology.Topology;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The running server: its identity, event loops, client listener and connections. It is the
 * {@link ClientServices} every client connection talks to.
 */
public final class Server implements ClientServices, ServerIdentity {

    private final ServerOptions options;
    private final PluginRegistry plugins;
    private final Config config;
    private final String serverId;
    /** The server's NKey: its public key is the server id; auth callout requests are signed with it. */
    private final NKey serverKey;
    private final String serverName;
    private final Accounts accounts;
    private final SystemAccount system;
    private final Authentication authentication;
    private final io.natsj.kernel.imports.ResolvedAccounts resolved;
    private final AccountImports imports;
    /** The authentication of section listeners with settings of their own, by transport name. */
    private final java.util.Map<String, Authentication> listenerAuthentications;
    private final TlsContext tls;
    private final ClientRegistry clients = new ClientRegistry();
    private final long startedMillis = System.currentTimeMillis();

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Transport clientListener;
    private MonitorServer monitor;
    private final ServerForPeers forPeers = new ServerForPeers(this);
    private final Topologies topologies = new Topologies(this, forPeers);
    private final InfoLines infoLines = new InfoLines(this, forPeers);
    private final Services services = new Services(this);
    private final SectionListeners sectionListeners = new SectionListeners(this);
    private final PeerInitializers peerInitializers = new PeerInitializers();
    private volatile boolean lameDuck;
    private volatile boolean shuttingDown;
    private volatile Runnable afterLameDuck = () -> { };

    /**
     * @param options the kernel's options
     * @param config the whole configuration, for the plugins' sections
     * @param plugins the plugins in this image
     */
    public Server(ServerOptions options, Config config, PluginRegistry plugins) {
        this.options = options;
        this.config = config;
        this.plugins = plugins;
        NettyTuning.apply();
        this.serverKey = NKey.create(NKeyType.SERVER);
        this.serverId = serverKey.publicKey();
        this.serverName = options.serverName() != null ? options.serverName() : serverId;
        plugins.checkKeys(config);
        Topologies.check(plugins, config);
        this.accounts = Accounts.fromConfig(ConfigSections.section(config, "accounts"), plugins.serviceAccountKeys());
        this.authentication = Authentication.fromConfig(config, plugins.authenticators(), accounts,
                SystemAccount.configuredName(config));
        this.listenerAuthentications = SectionListeners.authentications(plugins, config, authentication);
        this.system = SystemAccount.configure(config, accounts, authentication);
        if (system.account() == null) {
            for (var account : accounts.all()) {
                for (var export : account.exports()) {
                    if (export.latency() != null) {
                        throw new io.natsj.spi.PluginException("Error adding service latency sampling for \""
                                + export.subject() + "\": system account not setup");
                    }
                }
            }
        }
        AccountImports placer = AccountImports.install(accounts);
        placer.configureLatency(serverName, system.account());
        this.imports = placer;
        this.resolved = new io.natsj.kernel.imports.ResolvedAccounts(accounts, placer, authentication::define,
                account -> services.accountDefined(account, account == system.account()));
        authentication.resolved(resolved);
        // A listener with settings of its own (websocket) authenticates with the same
        // account-resolving authenticators: its accounts need the same definitions.
        listenerAuthentications.values().forEach(a -> a.resolved(resolved));
        this.tls = ConfigSections.hasKey(config, "tls") ? plugins.tls().create(ConfigSections.tlsRequest(ConfigSections.section(config, "tls"), "tls")) : null;
    }

    /**
     * Checks what {@link #start} would read besides the constructor: the TLS blocks of the
     * topology sections ({@code cluster.tls}). The client {@code tls} block is read by the
     * constructor already.
     */
    public void checkTopologyTls() {
        Topologies.checkTls(plugins, config);
        SectionListeners.checkTls(plugins, config);
    }

    /** Binds the listeners; returns once clients can connect. */
    public void start() {
        Log.info("Starting natsj");
        Log.info("  Version:  " + Versions.NATSJ + " (behaves as nats-server " + Versions.NATS_COMPAT + ")");
        Log.info("  Java:     " + Runtime.version());
        Log.info("  Name:     " + serverName);
        Log.info("  ID:       " + serverId);
        plugins.all().forEach(p -> Log.debug("Plugin " + p.name() + " (" + p.getClass().getModule().getName() + ")"));
        acceptGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
        system.start(this);
        authentication.start(new KernelAuthenticatorContext(this, system.account()));
        if (system.account() != null && operatorMode()) {
            resolved.define(system.account());
        }
        services.start(plugins, config);
        if (operatorMode()) {
            resolveStoredAccounts();
        }
        infoLines.serviceFields(services.infoFields());
        infoLines.refresh(options.port()); // ready before the first client can connect
        ClientChannelInitializer clientInitializer = new ClientChannelInitializer(this);
        clientListener = plugins.transport("tcp").open(request(ListenerRole.CLIENT, options.host(), options.port(),
                clientInitializer));
        sectionListeners.start(plugins, config, clientInitializer);
        infoLines.refresh(clientPort());
        InetSocketAddress bound = clientListener.boundAddress();
        if (options.monitorPort() >= 0) {
            monitor = MonitorServer.start(this, options.monitorHost(), options.monitorPort());
            Log.info("Starting http monitor on " + hostPort(options.monitorHost(), monitor.port()));
        }
        Log.info("Listening for client connections on " + hostPort(options.host(), bound.getPort()));
        topologies.start(plugins, config, ioGroup);
    }

    /**
     * The other servers' client URLs changed: INFO lists them after this server's own, and
     * clients speaking protocol 1 are told at once.
     *
     * @param urls the peers' client URLs
     */
    void clusterName(String name) {
        if (infoLines.clusterName(name)) {
            infoLines.refresh(clientPort());
            sendInfoToClients();
        }
    }

    void peerClientUrls(List<String> urls) {
        infoLines.peerUrls(urls);
        infoLines.refresh(clientPort());
        // As nats-server: only the clients whose connect_urls changed (not WebSocket ones).
        sendInfoToClients(false);
    }

    /**
     * The other servers' WebSocket URLs changed: WebSocket clients' INFO lists them after this
     * server's own, and those speaking protocol 1 are told at once.
     *
     * @param urls the peers' WebSocket URLs
     */
    void peerWebSocketUrls(List<String> urls) {
        infoLines.peerWebSocketUrls(urls);
        sendInfoToClients(true);
    }

    /** @return the connect URLs of the WebSocket listener(s), empty without one */
    /** @return this server's WebSocket URLs, then its route peers' */
    List<String> clusterWebSocketUrls() {
        return infoLines.clusterWebSocketUrls();
    }

    List<String> wrappedListenerConnectUrls() {
        return sectionListeners.connectUrls();
    }

    /** Sends every client speaking protocol 1 the INFO as it is now (asynchronous INFO). */
    void sendInfoToClients() {
        clients.sendInfo(c -> true, this::infoLine);
    }

    /** @param wrapped true for the WebSocket clients only, false for the others only */
    private void sendInfoToClients(boolean wrapped) {
        clients.sendInfo(c -> c.isWrapped() == wrapped, this::infoLine);
    }

    /**
     * @return the client URLs INFO announces (this server's, then the cluster's), empty
     *         while no peer has told its own
     */
    public List<String> clientConnectUrls() {
        List<String> urls = infoLines.current().connectUrls;
        return urls == null ? List.of() : urls;
    }

    /** @return whether INFO tells clients that TLS is required (not just available) */
    public boolean tlsRequiredInInfo() {
        return infoLines.current().tlsRequired;
    }

    /** @return the running service plugins (JetStream) */
    public List<io.natsj.spi.service.Service> services() {
        return services.running();
    }

    /**
     * @param configKey a transport's section key ({@code websocket})
     * @return what /varz shows for that listener, empty when there is none
     */
    public java.util.Map<String, Object> listenerVarz(String configKey) {
        return sectionListeners.varz(configKey);
    }

    /** @return the URLs of the listeners opened from transport sections, by section key */
    public java.util.Map<String, List<String>> sectionListenerUrls() {
        return sectionListeners.listenUrls();
    }

    /** @return the running topology plugins */
    public List<Topology> topologies() {
        return topologies.running();
    }


    TransportRequest request(ListenerRole role, String host, int port, ConnectionInitializer initializer) {
        return new ListenerRequest(config.hasPath("tcp") ? config.getConfig("tcp") : ConfigFactory.empty(), role,
                host, port, acceptGroup, ioGroup, initializer, this);
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** @return the account of that name, or null */
    Account account(String name) {
        return accounts.get(name);
    }

    /** Signs with the server's own NKey, for authenticators (auth callout requests). */
    byte[] signAsServer(byte[] data) {
        return serverKey.sign(data);
    }

    /** @return true when an authenticator resolves accounts itself (operator mode) */
    boolean operatorMode() {
        return authentication.resolvesAccounts();
    }

    // ---- ClientServices ----

    @Override
    public void replyInterestEnded(Account account, String subject) {
        imports.replyInterestEnded(account, subject);
    }

    @Override
    public void remoteLatency(ClientConnection responder, String account, String reply, long startNanos,
                              long startEpochNanos) {
        imports.remoteLatency(responder, account, reply, startNanos, startEpochNanos);
    }

    @Override
    public ClientLimits limits() {
        return options.limits();
    }

    @Override
    public Account defaultAccount() {
        return accounts.global();
    }

    /** @return where accounts the authenticators resolve are defined (operator mode) */
    public io.natsj.kernel.imports.ResolvedAccounts resolvedAccounts() {
        return resolved;
    }

    @Override
    public Authentication authentication() {
        return authentication;
    }

    @Override
    public TlsContext tls() {
        return tls;
    }

    @Override
    public boolean allowNonTls() {
        return options.allowNonTls();
    }

    @Override
    public Authentication authentication(String transportName) {
        return listenerAuthentications.getOrDefault(transportName, authentication);
    }

    @Override
    public TlsContext listenerTls(String transportName) {
        return sectionListeners.tls(transportName);
    }

    @Override
    public String infoLine(ClientConnection connection) {
        return infoLines.line(connection);
    }

    @Override
    public boolean register(ClientConnection connection) {
        return !shuttingDown && clients.register(connection, options.maxConnections());
    }

    @Override
    public boolean admitted(ClientConnection connection, long accountConnections) {
        if (!connection.account().connectionAdmitted(accountConnections)) {
            return false;
        }
        system.connected(connection);
        return true;
    }

    @Override
    public void unregister(ClientConnection connection) {
        if (clients.unregister(connection)) {
            if (connection.isAdmitted()) {
                connection.account().connectionClosed();
                system.disconnected(connection, connection.closeReason());
            }
        }
    }

    @Override
    public void slowConsumer(ClientConnection connection) {
        clients.stats().slowConsumer();
    }

    @Override
    public long nextClientId() {
        return clients.nextId();
    }

    // ---- ServerIdentity ----

    @Override
    public String serverId() {
        return serverId;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public String compatibleVersion() {
        return Versions.NATS_COMPAT;
    }

    @Override
    public String natsjVersion() {
        return Versions.NATSJ;
    }

    // ---- what the lifecycle, monitoring and tests read ----

    /** @return the bound client port */
    public int clientPort() {
        return clientListener.boundAddress().getPort();
    }

    /** @return the bound monitoring port, -1 when monitoring is off */
    public int monitorPort() {
        return monitor == null ? -1 : monitor.port();
    }

    /** @return the bound monitoring port, 0 when monitoring is off (as /varz reports it) */
    public int monitorPortOrZero() {
        return monitor == null ? 0 : monitor.port();
    }

    /** @return the connections closed lately, for /connz */
    public ClosedConnections closedConnections() {
        return clients.closed();
    }

    /** @return the system account's services */
    public SystemAccount system() {
        return system;
    }

    /** @return the configuration the server was started with */
    public Config config() {
        return config;
    }

    /** @return the event loops accepting connections */
    public EventLoopGroup acceptGroup() {
        return acceptGroup;
    }

    /** @return the options the server runs with */
    public ServerOptions options() {
        return options;
    }

    /** @return the live client connections */
    public Collection<ClientConnection> clients() {
        return clients.all();
    }

    /** @return server-wide counters */
    public ServerStats stats() {
        return clients.stats();
    }

    /** @return the global account */
    public Account globalAccount() {
        return accounts.global();
    }

    /** @return every account */
    public Accounts accounts() {
        return accounts;
    }


    /** @return when the server started, epoch millis */
    public long startedMillis() {
        return startedMillis;
    }

    /** @return the event loops serving connections */
    public EventLoopGroup ioGroup() {
        return ioGroup;
    }

    /** @return true while in lame duck mode */
    public boolean isLameDuck() {
        return lameDuck;
    }

    /**
     * Lame duck mode: stop accepting, tell protocol-1 clients with an async INFO carrying
     * {@code "ldm":true}, and close the clients spread over lame_duck_duration.
     */
    public void enterLameDuckMode() {
        if (lameDuck || shuttingDown) {
            return;
        }
        lameDuck = true;
        Log.info("Entering lame duck mode, stop accepting new clients");
        clientListener.close();
        sectionListeners.close();
        infoLines.refresh(clientPort());
        topologies.lameDuck();
        new LameDuck(this, options.lameDuckDuration(), options.lameDuckGracePeriod()).run();
    }

    /** @param action what to do once lame duck mode has closed every client and stopped */
    public void afterLameDuck(Runnable action) {
        this.afterLameDuck = action;
    }

    void shutdownFromLameDuck() {
        shutdown();
        afterLameDuck.run();
    }

    /** @return the topologies' protocols for peers arriving on other transports' listeners */
    PeerInitializers peerInitializers() {
        return peerInitializers;
    }

    /**
     * Resolves the accounts the services keep state for (nats-server walks its JetStream store
     * directory at start-up), without waiting: an account a directory resolver lacks is asked
     * of the cluster, which may answer once the routes are up.
     */
    private void resolveStoredAccounts() {
        for (String name : services.storedAccounts()) {
            if (accounts.get(name) != null) {
                continue;
            }
            resolved.resolveLater(name, authentication::lookupAccount).whenComplete((account, error) -> {
                if (account == null) {
                    Log.warn("Account " + name + " has stored JetStream state but could not be resolved"
                            + (error == null ? "" : ": " + error));
                }
            });
        }
    }

    /** Stops accepting, closes every connection and releases the event loops. */
    public void shutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        Log.info("Initiating Shutdown...");
        system.stop();
        topologies.close();
        if (clientListener != null) {
            clientListener.close();
        }
        sectionListeners.close();
        if (monitor != null) {
            monitor.close();
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (ClientConnection c : clients.all()) {
            closing.add(c.closeForShutdown());
        }
        // Before the event loops stop: they would drop the connections without their goodbyes.
        // (Not from an event loop itself, which would wait for its own work.)
        boolean onEventLoop = ioGroup != null && java.util.stream.StreamSupport.stream(ioGroup.spliterator(), false)
                .anyMatch(io.netty.util.concurrent.EventExecutor::inEventLoop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChannelFuture f : onEventLoop ? List.<ChannelFuture>of() : closing) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        services.close();
        authentication.stop();
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        Log.info("Server Exiting..");
    }
}
