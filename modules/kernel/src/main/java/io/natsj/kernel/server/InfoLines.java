package io.natsj.kernel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerForPeers peers;
    private volatile ServerInfo info;
    // Null until a peer first announces client URLs: a server alone sends no connect_urls.
    private volatile List<String> peerUrls;
    private volatile String clusterName;

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
        i.authRequired = server.authentication().required();
        i.tlsRequired = server.tls() != null;
        i.tlsVerify = server.tls() != null && server.tls().verifyClients();
        i.lameDuckMode = server.isLameDuck();
        i.cluster = clusterName;
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
     * @param connection a client connection
     * @return its INFO line, {@code INFO {json} \r\n}
     */
    String line(ClientConnection connection) {
        ServerInfo i = info.copy();
        i.clientId = connection.id();
        InetSocketAddress remote = connection.remoteAddress();
        i.clientIp = remote == null ? null : remote.getAddress().getHostAddress();
        i.nonce = connection.nonce();
        try {
            return "INFO " + JSON.writeValueAsString(i) + " \r\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("INFO could not be written", e);
        }
    }
}
