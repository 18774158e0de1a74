package io.natsj.topology.gateways;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.topology.wire.GatewayReply;
import io.natsj.spi.topology.wire.WireDecoder;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * This server's membership of a super-cluster, and the kernel's {@link Topology}: the gateway
 * listener, the other clusters it knows ({@link RemoteGateway}, configured or discovered), one
 * registered outbound connection per other cluster, the inbound connections from other
 * clusters' servers, and the dialling, as nats-server 2.9.10 does it: configured gateways are
 * dialled a second after start-up and redialled whenever lost; a discovered one is dialled once
 * plus {@code connect_retries} more times, for as long as that cluster has a connection in.
 *
 * <p>Registration and dial decisions take this object's lock; they happen when a connection
 * comes or goes, never per message.
 */
final class SuperCluster implements Topology {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.gateways");
    /** nats-server's gatewaySolicitDelay, DEFAULT_ROUTE_DIAL and gatewayReconnectDelay. */
    private static final long SOLICIT_DELAY_MILLIS = 1000;
    private static final int DIAL_TIMEOUT_MILLIS = 1000;
    private static final long RETRY_MILLIS = 1000;

    private final TopologyRequest request;
    private final GatewayOptions options;
    private final LocalServer local;
    private final ServerIdentity identity;
    private final byte[] hashBytes;
    private final Map<String, RemoteGateway> remotes = new LinkedHashMap<>();
    private final Map<String, GatewayConnection> outbound = new LinkedHashMap<>();
    private final List<GatewayConnection> inbound = new CopyOnWriteArrayList<>();
    private final List<GatewayConnection> connections = new CopyOnWriteArrayList<>();
    /** The section's {@code tls}: inbound connections, and dialling where a remote has none. */
    private final TlsContext tls;
    private final Map<String, TlsContext> remoteTls = new java.util.HashMap<>();
    /** User info of configured URLs ({@code host:port} to user and password). */
    private final Map<String, List<String>> urlCredentials = new java.util.HashMap<>();
    private Transport listener;
    private volatile int boundPort;
    private volatile String url;
    private volatile boolean closed;

    /**
     * @param request what the kernel gives the plugin
     * @param options the checked {@code gateway} section
     */
    SuperCluster(TopologyRequest request, GatewayOptions options) {
        this.request = request;
        this.options = options;
        this.local = request.local();
        this.identity = request.server();
        this.hashBytes = GatewayReply.hash(options.name()).getBytes(StandardCharsets.US_ASCII);
        // As nats-server: gateway TLS requires a certificate from every peer.
        this.tls = request.tls("tls", true).orElse(null);
        for (GatewayOptions.Remote r : options.remotes()) {
            remotes.put(r.name(), new RemoteGateway(r.name(), r.urls(), false));
            urlCredentials.putAll(r.credentials());
            if (r.tls() != null) {
                remoteTls.put(r.name(), request.tls(r.tls(), r.tlsPath(), true));
            }
        }
    }

    /** Opens the gateway listener and, a second later, dials the configured gateways. */
    void start() {
        LOG.log(System.Logger.Level.INFO, "Gateway name is " + options.name());
        listener = request.listen(ListenerRole.GATEWAY, options.host(), options.port(),
                connection -> install(connection.channel(), null, null));
        boundPort = listener.boundAddress().getPort();
        url = GatewayUrls.advertised(options, boundPort);
        local.clusterName(options.name());
        LOG.log(System.Logger.Level.INFO, "Listening for gateways connections on "
                + GatewayUrls.join(options.host(), boundPort));
        LOG.log(System.Logger.Level.INFO, "Address for gateway \"" + options.name() + "\" is " + url);
        local.clusterGateways().attachGateways(url, new RoutedGateways(this));
        List<RemoteGateway> configured;
        synchronized (this) {
            configured = List.copyOf(remotes.values());
        }
        for (RemoteGateway r : configured) {
            solicit(r, SOLICIT_DELAY_MILLIS);
        }
    }

    /** Puts the gateway protocol on a channel, accepted (remote null) or dialled ({@code target}). */
    private void install(Channel channel, RemoteGateway remote, String target) {
        TlsContext ctx = remote == null ? tls : tlsFor(remote.name());
        if (ctx != null) {
            // TLS first, before any INFO, as nats-server does on gateway connections.
            channel.pipeline().addFirst("tls", remote == null ? ctx.newHandler(channel.alloc())
                    : ctx.newClientHandler(channel.alloc(), GatewayUrls.host(target), GatewayUrls.port(target)));
        }
        GatewayConnection c = new GatewayConnection(this, channel, local.nextConnectionId(), remote, target);
        if (closed) {
            channel.close();
            return;
        }
        connections.add(c);
        channel.pipeline().addLast("gateway-decoder", new WireDecoder(c, local.maxControlLine()));
    }

    // ---- dialling ---------------------------------------------------------------------------

    private void solicit(RemoteGateway remote, long delayMillis) {
        if (remote.startDialling()) {
            schedule(() -> attempt(remote, remote.shuffledUrls(), 0), delayMillis);
        }
    }

    private void attempt(RemoteGateway remote, List<String> urls, int index) {
        if (closed || hasOutbound(remote.name())) {
            remote.dialEnded();
            return;
        }
        if (index >= urls.size()) {
            int attempts = remote.nextAttempt();
            if (remote.isImplicit() && attempts > options.connectRetries() && !hasInbound(remote.name())) {
                forget(remote);
                return;
            }
            schedule(() -> attempt(remote, remote.shuffledUrls(), 0), RETRY_MILLIS);
            return;
        }
        String target = urls.get(index);
        LOG.log(System.Logger.Level.INFO, () -> "Connecting to " + (remote.isImplicit() ? "implicit" : "explicit")
                + " gateway \"" + remote.name() + "\" (" + target + ")");
        new Bootstrap().group(request.ioGroup()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, DIAL_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        install(channel, remote, target);
                    }
                })
                .connect(GatewayUrls.host(target), GatewayUrls.port(target))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        remote.dialEnded();
                        return;
                    }
                    LOG.log(System.Logger.Level.DEBUG, () -> "Error connecting to gateway \"" + remote.name()
                            + "\" (" + target + "): " + f.cause());
                    attempt(remote, urls, index + 1);
                });
    }

    private synchronized void forget(RemoteGateway remote) {
        remote.dialEnded();
        if (remotes.get(remote.name()) == remote) {
            remotes.remove(remote.name());
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        if (closed || request.ioGroup().isShuttingDown()) {
            return;
        }
        try {
            request.ioGroup().next().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the server is stopping
        }
    }

    /**
     * A cluster learned from an inbound connection's INFO or from gossip: dialled when new,
     * its URLs added when known.
     *
     * @param name its gateway name
     * @param urls its gateway URLs
     * @param gossip true when another cluster told of it (refused when unknown clusters are)
     */
    void implicit(String name, Collection<String> urls, boolean gossip) {
        if (name.equals(options.name())) {
            return;
        }
        RemoteGateway remote;
        synchronized (this) {
            remote = remotes.get(name);
            if (remote != null) {
                remote.addUrls(urls);
                if (hasOutbound(name)) {
                    return;
                }
            } else {
                if ((gossip && options.rejectUnknown()) || urls.isEmpty()) {
                    return;
                }
                remote = new RemoteGateway(name, urls, true);
                remotes.put(name, remote);
            }
        }
        solicit(remote, 0);
    }

    // ---- what connections report --------------------------------------------------------------

    /** @return false when an outbound connection to that cluster is registered already */
    synchronized boolean registerOutbound(GatewayConnection c) {
        if (closed || outbound.containsKey(c.remoteName())) {
            return false;
        }
        outbound.put(c.remoteName(), c);
        return true;
    }

    void registerInbound(GatewayConnection c) {
        inbound.add(c);
    }

    /** @return true unless unknown clusters are rejected and this one is not configured */
    synchronized boolean acceptsInbound(String name) {
        if (!options.rejectUnknown()) {
            return true;
        }
        RemoteGateway r = remotes.get(name);
        return r != null && !r.isImplicit();
    }

    void closed(GatewayConnection c) {
        connections.remove(c);
        inbound.remove(c);
        RemoteGateway remote = c.dialled();
        if (remote == null) {
            return;
        }
        boolean wasRegistered;
        synchronized (this) {
            wasRegistered = outbound.remove(remote.name(), c);
        }
        if (wasRegistered && !closed) {
            LOG.log(System.Logger.Level.INFO, () -> c.label() + " - Outbound gateway connection to \""
                    + remote.name() + "\" closed");
        }
        if (closed || hasOutbound(remote.name())) {
            return;
        }
        if (remote.isImplicit() && !hasInbound(remote.name())) {
            forget(remote);
            return;
        }
        long delay = ThreadLocalRandom.current().nextLong(100) + (remote.isImplicit() ? 0 : RETRY_MILLIS);
        solicit(remote, delay);
    }

    synchronized boolean hasOutbound(String name) {
        return outbound.containsKey(name);
    }

    boolean hasInbound(String name) {
        for (GatewayConnection c : inbound) {
            if (name.equals(c.remoteName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param except the cluster the lines go to
     * @return an INFO gossiping each other cluster known, so that the receiver meets them all
     */
    synchronized List<String> gossipLines(String except) {
        List<String> lines = new ArrayList<>();
        for (RemoteGateway r : remotes.values()) {
            List<String> urls = r.urls();
            if (r.name().equals(except) || urls.isEmpty()) {
                continue;
            }
            Map<String, Object> m = GatewayJson.bareInfo();
            m.put("server_id", identity.serverId());
            m.put("gateway", r.name());
            m.put("gateway_urls", urls);
            m.put("gateway_cmd", GatewayJson.CMD_GOSSIP);
            lines.add(GatewayJson.infoLine(m));
        }
        return lines;
    }

    /** @return this server's gateway INFO line */
    String infoLine() {
        Map<String, Object> m = GatewayJson.bareInfo();
        m.put("server_id", identity.serverId());
        m.put("server_name", identity.serverName());
        m.put("version", identity.compatibleVersion());
        m.put("host", GatewayUrls.host(url));
        m.put("port", GatewayUrls.port(url));
        m.put("headers", local.headers());
        m.remove("max_payload");
        if (options.user() != null) {
            m.put("auth_required", true);
        }
        if (tls != null) {
            m.put("tls_required", true);
            m.put("tls_verify", true);
        }
        m.put("max_payload", local.maxPayload());
        m.put("gateway", options.name());
        m.put("gateway_urls", local.clusterGateways().clusterUrls());
        m.put("gateway_url", url);
        m.put("gateway_nrp", true);
        m.put("gateway_iom", true);
        return GatewayJson.infoLine(m);
    }

    /**
     * @param remote the cluster dialled
     * @param target the URL dialled ({@code host:port}): its configured user info, if any, is
     *        presented instead of the section's {@code authorization}, as nats-server does
     * @return this server's gateway CONNECT line
     */
    String connectLine(String remote, String target) {
        List<String> own = target == null ? null : urlCredentials.get(target);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("echo", false);
        m.put("verbose", false);
        m.put("pedantic", false);
        if (own != null) {
            m.put("user", own.get(0));
            m.put("pass", own.get(1));
        } else if (options.user() != null) {
            m.put("user", options.user());
            m.put("pass", options.password() == null ? "" : options.password());
        }
        m.put("tls_required", tlsFor(remote) != null);
        m.put("headers", local.headers());
        m.put("name", identity.serverId());
        m.put("cluster", "");
        m.put("gateway", options.name());
        return "CONNECT " + GatewayJson.write(m) + "\r\n";
    }

    /**
     * Tells the other servers of this cluster, through routes, of a cluster this one has an
     * outbound connection to. Never under this object's lock: routes take their own.
     */
    void forwardToRoutes(String name, List<String> urls) {
        if (!urls.isEmpty()) {
            local.clusterGateways().forward(name, urls);
        }
    }

    /** The cluster's gateway URLs changed: inbound connections get this server's INFO again. */
    void resendInfo() {
        String line = infoLine();
        for (GatewayConnection c : inbound) {
            c.sendLine(line);
        }
    }

    /** @return the TLS to dial that cluster with: its own block, else the section's, else none */
    TlsContext tlsFor(String remote) {
        TlsContext own = remoteTls.get(remote);
        return own != null ? own : tls;
    }

    /** @return the section's TLS, or null */
    TlsContext tls() {
        return tls;
    }

    // ---- accessors ----------------------------------------------------------------------------

    String name() {
        return options.name();
    }

    byte[] hashBytes() {
        return hashBytes;
    }

    LocalServer local() {
        return local;
    }

    GatewayOptions options() {
        return options;
    }

    ServerIdentity identity() {
        return identity;
    }

    int boundPort() {
        return boundPort;
    }

    synchronized Map<String, GatewayConnection> outboundConnections() {
        return new LinkedHashMap<>(outbound);
    }

    List<GatewayConnection> inboundConnections() {
        return List.copyOf(inbound);
    }

    synchronized List<RemoteGateway> remotes() {
        return List.copyOf(remotes.values());
    }

    // ---- Topology -----------------------------------------------------------------------------

    @Override
    public String monitorName() {
        return "gatewayz";
    }

    @Override
    public Map<String, Object> monitor(Function<String, String> query) {
        return GatewayzReport.gatewayz(this, query);
    }

    @Override
    public Map<String, Object> varz() {
        return GatewayzReport.varz(this);
    }

    @Override
    public List<String> listenUrls() {
        return url == null ? List.of() : List.of("nats://" + url);
    }

    @Override
    public int peerCount() {
        int n = inbound.size();
        synchronized (this) {
            return n + outbound.size();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (GatewayConnection c : connections) {
            c.close("server shutdown");
        }
        if (listener != null) {
            listener.close();
        }
    }
}
