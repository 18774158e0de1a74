package io.natsj.topology.leafnodes;

import com.typesafe.config.ConfigFactory;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.JetStreamPresence;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.Topology;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.topology.wire.WireDecoder;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * This server's leaf nodes, and the kernel's {@link Topology}: the hub's listener for leaf
 * connections (when {@code leafnodes.port} is set) and the leaf's remotes, each dialled at
 * start-up and redialled every {@code leafnodes.reconnect} while it has no connection, trying
 * its URLs in turn; as nats-server, a leaf keeps serving its own clients while its hub is away
 * and sends its interest again when it is back.
 */
final class LeafNodes implements Topology {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.leafnodes");
    private static final int DIAL_TIMEOUT_MILLIS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] TOKEN_CHARS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final TopologyRequest request;
    private final LeafOptions options;
    private final LocalServer local;
    private final ServerIdentity identity;
    private final String loopSubject = "$LDS." + randomToken(22);
    private final List<LeafConnection> connections = new CopyOnWriteArrayList<>();
    private final List<LeafConnection> registered = new CopyOnWriteArrayList<>();
    private final Map<LeafRemote, RemoteUrls> remotes = new ConcurrentHashMap<>();
    /** {@code leafnodes.tls}: leaves accepted here run TLS after the first INFO; null without. */
    private final TlsContext tls;
    /** Each remote's TLS, from its own block or, once a hub asks for TLS, the JDK's defaults. */
    private final Map<LeafRemote, TlsContext> remoteTls = new ConcurrentHashMap<>();
    private Transport listener;
    /** This server's leaf URL ({@code host:port}), first in the {@code leafnode_urls} leaves get. */
    private volatile String url;
    /** The route peers' leaf URLs, after this server's in {@code leafnode_urls}. */
    private volatile List<String> peerUrls = List.of();
    private volatile boolean closed;

    LeafNodes(TopologyRequest request, LeafOptions options) {
        this.request = request;
        this.options = options;
        this.local = request.local();
        this.identity = request.server();
        this.tls = request.tls("tls").orElse(null);
        for (LeafRemote r : options.remotes()) {
            if (r.tls() != null) {
                remoteTls.put(r, request.dialTls(r.tls(), r.path() + ".tls"));
            }
        }
    }

    /** Opens the listener (a hub) and dials the remotes (a leaf). */
    void start() {
        LeafWebSocket.checkDialable(request, options.remotes());
        if (options.accepts()) {
            listener = request.listen(ListenerRole.LEAF, options.host(), options.port(),
                    connection -> install(connection.channel(), null, false));
            // Leaf nodes may come through the WebSocket port too (nats-server's /leafnode path).
            request.acceptFrom(ListenerRole.LEAF, connection -> install(connection.channel(), null, true));
            int port = listener.boundAddress().getPort();
            // As nats-server: the advertised address, else for a wildcard host the machine's
            // first non-loopback address (natsj falls back to 127.0.0.1 where it finds none).
            url = io.natsj.spi.transport.ConnectUrls.of(options.advertise(), options.host(), port).get(0);
            local.clusterLeafUrls().attachLeafnodes(options.noAdvertise() ? null : url, this::peerUrlsChanged);
            LOG.log(System.Logger.Level.INFO, "Listening for leafnode connections on " + options.host() + ":" + port);
        }
        for (LeafRemote r : options.remotes()) {
            remotes.put(r, new RemoteUrls(r));
            schedule(() -> dial(r), 0);
        }
    }

    /**
     * @param upgraded true when the channel is handed over after a WebSocket upgrade, so its
     *        channelActive event has passed already; a TCP channel is active when its
     *        initializer runs too, but its channelActive is still to come
     */
    private void install(Channel channel, LeafRemote remote, boolean upgraded) {
        LeafConnection c = new LeafConnection(this, channel, local.nextConnectionId(), remote, upgraded);
        if (closed) {
            channel.close();
            return;
        }
        connections.add(c);
        channel.pipeline().addLast("leaf-decoder", WireDecoder.leaf(c, local.maxControlLine()));
        if (upgraded) {
            c.active();
        }
    }

    // ---- dialling ---------------------------------------------------------------------------

    private void dial(LeafRemote remote) {
        RemoteUrls state = remotes.get(remote);
        if (closed || state == null) {
            return;
        }
        long delay = state.takeDelay();
        if (delay > 0) {
            schedule(() -> dial(remote), delay);
            return;
        }
        LeafRemote.Url target = state.pick();
        LOG.log(System.Logger.Level.DEBUG, () -> "Trying to connect as leafnode to remote server on " + target);
        if (target.isWebSocket()) {
            TlsContext wsTls;
            try {
                wsTls = webSocketTls(remote);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, () -> "Error trying to connect as leafnode to remote server "
                        + target + ": TLS set-up error: " + e.getMessage());
                schedule(() -> dial(remote), options.reconnect().toMillis());
                return;
            }
            LeafWebSocket.dial(request, remote, target, wsTls, DIAL_TIMEOUT_MILLIS,
                            c -> install(c.channel(), remote, true))
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            LOG.log(System.Logger.Level.ERROR, () -> "Error trying to connect as leafnode to remote"
                                    + " server " + target + ": " + failure.getMessage());
                            schedule(() -> dial(remote), options.reconnect().toMillis());
                        }
                    });
            return;
        }
        new Bootstrap().group(request.ioGroup()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, DIAL_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        install(channel, remote, false);
                    }
                })
                .connect(target.host(), target.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        LOG.log(System.Logger.Level.ERROR, () -> "Error trying to connect as leafnode to remote server "
                                + target + ": " + f.cause().getMessage());
                        schedule(() -> dial(remote), options.reconnect().toMillis());
                    }
                });
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

    /** The next attempt to reach the remote waits this long (a loop was detected). */
    void delayNextAttempt(LeafRemote remote, long millis) {
        RemoteUrls state = remotes.get(remote);
        if (state != null) {
            state.delayNextAttempt(millis);
        }
    }

    /** @return the URL the remote's connection was dialled at (its user and password go in CONNECT) */
    LeafRemote.Url currentUrl(LeafRemote remote) {
        return remotes.get(remote).current();
    }

    /** @return the remote's URLs, with those its hub told it ({@code leafnode_urls}) */
    RemoteUrls remoteUrls(LeafRemote remote) {
        return remotes.get(remote);
    }

    /**
     * A route peer's leaf URL came or went: as nats-server's {@code sendAsyncLeafNodeInfo},
     * the leaves connected here get an INFO with the new {@code leafnode_urls}.
     */
    private void peerUrlsChanged(List<String> urls) {
        peerUrls = urls;
        String line = infoLine(0, null, null, null);
        for (LeafConnection c : registered) {
            if (!c.isSolicited()) {
                c.sendInfo(line);
            }
        }
    }

    // ---- what connections report --------------------------------------------------------------

    void registered(LeafConnection c) {
        registered.add(c);
    }

    void closed(LeafConnection c) {
        connections.remove(c);
        registered.remove(c);
        c.releaseSeat();
        if (c.isSolicited() && !closed) {
            schedule(() -> dial(c.remote()), options.reconnect().toMillis());
        }
    }

    // ---- protocol lines -----------------------------------------------------------------------

    /**
     * @param cid the connection's id, 0 for an asynchronous INFO (which has none)
     * @param nonce the first INFO's nonce, or null for the second one
     * @param remoteAccount for the second INFO: the account the leaf is bound to
     * @param userPermissions for the second INFO: the leaf user's permissions, sent as
     *        {@code import} (its subscribe rules) and {@code export} (its publish rules), or null
     * @return the hub's INFO line for a leaf
     */
    String infoLine(long cid, String nonce, String remoteAccount, io.natsj.spi.auth.Permissions userPermissions) {
        Map<String, Object> m = LeafJson.bareInfo();
        m.put("server_id", identity.serverId());
        m.put("server_name", identity.serverName());
        m.put("version", identity.compatibleVersion());
        m.put("go", "go1.19.4");
        String u = url == null ? "0.0.0.0:0" : url;
        int colon = u.lastIndexOf(':');
        m.put("host", u.substring(0, colon));
        m.put("port", Integer.parseInt(u.substring(colon + 1)));
        m.put("headers", local.headers());
        m.put("auth_required", true);
        if (tls != null) {
            m.put("tls_required", true);
            m.put("tls_verify", tls.verifyClients());
        }
        m.put("max_payload", local.maxPayload());
        JetStreamPresence js = local.jetStream();
        if (js.enabled()) {
            m.put("jetstream", true);
        }
        if (cid > 0) {
            m.put("client_id", cid);
        }
        if (nonce != null) {
            m.put("nonce", nonce);
        }
        if (!js.domain().isEmpty()) {
            m.put("domain", js.domain());
        }
        m.put("info_on_connect", true);
        if (remoteAccount != null) {
            m.put("connect_info", true);
            m.put("remote_account", remoteAccount);
        }
        if (userPermissions != null) {
            m.put("import", rules(userPermissions.subscribe()));
            m.put("export", rules(userPermissions.publish()));
        }
        // As nats-server: this server's URL always, then the route peers' that advertise theirs.
        List<String> urls = new ArrayList<>();
        if (url != null) {
            urls.add(url);
        }
        for (String p : peerUrls) {
            if (!urls.contains(p)) {
                urls.add(p);
            }
        }
        m.put("leafnode_urls", urls);
        // For leaves that came over WebSocket: the cluster's WebSocket URLs (nats-server's
        // websocket connectURLsMap), which such leaves redial instead.
        List<String> ws = local.clusterWebSocketConnectUrls();
        if (!ws.isEmpty()) {
            m.put("ws_connect_urls", ws);
        }
        return LeafJson.infoLine(m);
    }

    /**
     * @param remote the remote
     * @param at the URL dialled (its user and password, if any, are sent)
     * @param headers whether the hub takes headers
     * @param tlsOn whether the connection runs TLS
     * @param nonce the hub's INFO nonce, or null
     * @return the leaf's CONNECT line
     * @throws io.natsj.spi.PluginException when the remote's credentials file cannot be used
     */
    String connectLine(LeafRemote remote, LeafRemote.Url at, boolean headers, boolean tlsOn, String nonce) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (remote.credentials() != null) {
            // As nats-server: a credentials file takes precedence over the URL's user.
            LeafCredentials creds = LeafCredentials.sign(remote.credentials(), nonce == null ? "" : nonce,
                    remote.path() + ".credentials");
            m.put("jwt", creds.jwt());
            m.put("sig", creds.signature());
        } else if (at.user() != null) {
            m.put("user", at.user());
            if (at.password() != null) {
                m.put("pass", at.password());
            }
        }
        m.put("tls_required", tlsOn);
        if (!remote.denyImports().isEmpty()) {
            m.put("deny_pub", remote.denyImports());
        }
        m.put("server_id", identity.serverId());
        JetStreamPresence js = local.jetStream();
        if (!js.domain().isEmpty()) {
            m.put("domain", js.domain());
        }
        m.put("name", identity.serverName());
        m.put("headers", local.headers() && headers);
        if (js.enabledIn(remote.account())) {
            m.put("jetstream", true);
        }
        m.put("version", identity.compatibleVersion());
        return "CONNECT " + LeafJson.write(m) + "\r\n";
    }

    /** @return a SubjectPermission as nats-server writes it (empty lists left out) */
    private static Map<String, Object> rules(io.natsj.spi.auth.Permissions.SubjectRules r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!r.allow().isEmpty()) {
            m.put("allow", r.allow());
        }
        if (!r.deny().isEmpty()) {
            m.put("deny", r.deny());
        }
        return m;
    }

    static String randomToken(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = TOKEN_CHARS[RANDOM.nextInt(TOKEN_CHARS.length)];
        }
        return new String(c);
    }

    // ---- TLS ----------------------------------------------------------------------------------

    /** @return {@code leafnodes.tls} for accepted leaves, or null */
    TlsContext tls() {
        return tls;
    }

    /**
     * @param remote a remote
     * @param hubRequires true when the hub's INFO says {@code tls_required}
     * @return the TLS to run with that hub: the remote's own block, else the JDK's trusted
     *         authorities when the hub requires TLS (as nats-server), else null for none
     */
    TlsContext tlsFor(LeafRemote remote, boolean hubRequires) {
        TlsContext own = remoteTls.get(remote);
        if (own != null || !hubRequires) {
            return own;
        }
        return remoteTls.computeIfAbsent(remote, r -> request.dialTls(ConfigFactory.empty(), r.path() + ".tls"));
    }

    /**
     * As nats-server 2.9.10: a WebSocket remote runs TLS under its frames when it has a
     * {@code tls} block or any of its URLs is {@code wss://}; the hub's INFO has no say.
     *
     * @param remote a remote whose URLs are WebSocket ones
     * @return the remote's own TLS, the JDK's trusted authorities for a {@code wss://} remote
     *         without a block, or null for plain {@code ws://}
     */
    private TlsContext webSocketTls(LeafRemote remote) {
        TlsContext own = remoteTls.get(remote);
        if (own != null || !LeafWebSocket.secure(remote)) {
            return own;
        }
        return remoteTls.computeIfAbsent(remote, r -> request.dialTls(ConfigFactory.empty(), r.path() + ".tls"));
    }

    // ---- accessors ----------------------------------------------------------------------------

    LeafOptions options() {
        return options;
    }

    LocalServer local() {
        return local;
    }

    ServerIdentity identity() {
        return identity;
    }

    String loopSubject() {
        return loopSubject;
    }

    List<LeafConnection> registeredConnections() {
        return List.copyOf(registered);
    }

    // ---- Topology -----------------------------------------------------------------------------

    @Override
    public String monitorName() {
        return "leafz";
    }

    @Override
    public Map<String, Object> monitor(Function<String, String> query) {
        return LeafzReport.leafz(this, query);
    }

    @Override
    public Map<String, Object> varz() {
        return LeafzReport.varz(this);
    }

    @Override
    public List<String> listenUrls() {
        return url == null ? List.of() : List.of("nats://" + url);
    }

    @Override
    public int peerCount() {
        return registered.size();
    }

    @Override
    public void close() {
        closed = true;
        for (LeafConnection c : connections) {
            c.close("server shutdown");
        }
        if (listener != null) {
            listener.close();
        }
    }
}
