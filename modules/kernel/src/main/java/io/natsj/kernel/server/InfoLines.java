package io.natsj.kernel.server;

import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.protocol.ServerInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The INFO a client gets: the server's part, rebuilt when something in it changes (the bound
 * port, lame duck mode, the cluster's client URLs), and each connection's own fields (id,
 * address, nonce) added per line.
 */
final class InfoLines {

    private final Server server;
    private final ServerForPeers peers;
    private volatile ServerInfo info;
    // Null until a peer first announces client URLs: a server alone sends no connect_urls.
    private volatile List<String> peerUrls;
    private volatile List<String> peerWsUrls;
    private volatile String clusterName;
    private volatile java.util.Map<String, Object> serviceFields = java.util.Map.of();

    InfoLines(Server server, ServerForPeers peers) {
        this.server = server;
        this.peers = peers;
    }

    /**
     * Rebuilds the server's part.
     *
     * @param port the client port to announce
     */
    void refresh(int port) {
        ServerOptions options = server.options();
        ServerInfo i = new ServerInfo();
        i.serverId = server.serverId();
        i.serverName = server.serverName();
        i.version = Versions.NATS_COMPAT;
        i.java = Runtime.version().toString();
        i.natsjVersion = Versions.NATSJ;
        i.host = options.host();
        i.port = port;
        i.headers = options.headers();
        i.maxPayload = options.limits().maxPayload();
        // A client without credentials gets in as no_auth_user, so INFO does not ask for any
        // (nats-server clears auth_required per client in that case; /varz still says true).
        i.authRequired = server.authentication().required() && server.authentication().noAuthUser() == null;
        // allow_non_tls: TLS is offered, not required (nats-server says tls_available instead).
        i.tlsRequired = server.tls() != null && !options.allowNonTls();
        i.tlsAvailable = server.tls() != null && options.allowNonTls();
        i.tlsVerify = server.tls() != null && server.tls().verifyClients();
        i.lameDuckMode = server.isLameDuck();
        i.cluster = clusterName;
        java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>(serviceFields);
        i.jetstream = Boolean.TRUE.equals(extra.remove("jetstream"));
        i.serviceFields = extra;
        List<String> others = peerUrls;
        if (others != null) {
            // This server's own URLs first, as nats-server lists them, and still when every
            // peer has gone: clients then drop the departed servers from their pools. In lame
            // duck mode only the others' (nats-server's sendLDMToClients).
            List<String> urls = new ArrayList<>(i.lameDuckMode ? List.of() : peers.clientConnectUrls());
            for (String u : others) {
                if (!urls.contains(u)) {
                    urls.add(u);
                }
            }
            i.connectUrls = urls.isEmpty() ? null : urls;
        }
        info = i;
    }

    /** @param fields what the service plugins add to INFO; takes effect with the next {@link #refresh} */
    void serviceFields(java.util.Map<String, Object> fields) {
        serviceFields = java.util.Map.copyOf(fields);
    }

    /**
     * @param name the cluster's name; takes effect with the next {@link #refresh}
     * @return true when it changed
     */
    boolean clusterName(String name) {
        boolean changed = !java.util.Objects.equals(name, clusterName);
        clusterName = name;
        return changed;
    }

    /**
     * @param urls the other servers' client URLs; takes effect with the next {@link #refresh}.
     *     Once some were given, INFO lists connect_urls for good, as nats-server does.
     */
    void peerUrls(List<String> urls) {
        if (peerUrls != null || !urls.isEmpty()) {
            peerUrls = List.copyOf(urls);
        }
    }

    /**
     * @param urls the other servers' WebSocket URLs. Once some were given, WebSocket clients'
     *     INFO lists connect_urls for good (this server's WebSocket URLs first), as nats-server does.
     */
    void peerWebSocketUrls(List<String> urls) {
        if (peerWsUrls != null || !urls.isEmpty()) {
            peerWsUrls = List.copyOf(urls);
        }
    }

    /** @return the server's part of INFO as it is now (shared: do not modify) */
    ServerInfo current() {
        return info;
    }

    /** @return this server's WebSocket URLs, then its route peers' (none when no peer gave any) */
    List<String> clusterWebSocketUrls() {
        List<String> urls = new ArrayList<>(server.wrappedListenerConnectUrls());
        List<String> others = peerWsUrls;
        for (String u : others == null ? List.<String>of() : others) {
            if (!urls.contains(u)) {
                urls.add(u);
            }
        }
        return urls;
    }

    private List<String> webSocketConnectUrls(boolean lameDuck) {
        List<String> others = peerWsUrls;
        if (others == null) {
            return null;
        }
        List<String> urls = new ArrayList<>(lameDuck ? List.of() : server.wrappedListenerConnectUrls());
        for (String u : others) {
            if (!urls.contains(u)) {
                urls.add(u);
            }
        }
        return urls.isEmpty() ? null : urls;
    }

    /**
     * @param connection a client connection
     * @return its INFO line, {@code INFO {json} \r\n}
     */
    String line(ClientConnection connection) {
        ServerInfo i = info.copy();
        i.clientId = connection.id();
        InetSocketAddress remote = connection.remoteAddress();
        i.clientIp = remote == null ? null : remote.getAddress().getHostAddress();
        i.nonce = connection.nonce();
        if (connection.isWrapped()) {
            // nats-server's websocket clients: the listener's own authentication (its override),
            // and auth_required stays even with a no_auth_user (createWSClient does not clear it).
            i.authRequired = connection.authRequired();
            // nats-server gives WebSocket clients the cluster's WebSocket URLs instead (its
            // ws_connect_urls): this server's first (none in lame duck mode), then the peers'.
            i.connectUrls = webSocketConnectUrls(i.lameDuckMode);
        }
        return "INFO " + i.toJson() + " \r\n";
    }
}
