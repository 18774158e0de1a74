package io.natsj.topology.routes;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.topology.LocalServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
/**
 * What this server says about itself on routes: its INFO (fresh nonce per connection, a space
 * before CRLF as nats-server writes the first INFO), its CONNECT, the INFO it forwards about a
 * peer (gossip), and the URLs of its route listener for the ports file.
 */
final class RouteInfoLines {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final ServerIdentity identity;
    private final ClusterOptions options;
    private final LocalServer local;
    private final ClusterAuth auth;
    private volatile boolean tls;
    private volatile boolean lameDuck;

    RouteInfoLines(ServerIdentity identity, ClusterOptions options, LocalServer local, ClusterAuth auth) {
        this.identity = identity;
        this.options = options;
        this.local = local;
        this.auth = auth;
    }

    /** @param on true when routes run over TLS (announced in INFO and CONNECT) */
    void tls(boolean on) {
        this.tls = on;
    }

    /** Announces lame duck mode in every INFO from now on. */
    void lameDuck() {
        this.lameDuck = true;
    }

    /**
     * @param boundPort the route listener's port
     * @param clusterName the cluster name now
     * @param dynamic whether that name was made up
     * @param poolIdx the pool index a solicited connection asks for (sent when pooling and not 0)
     * @return the INFO line a connection opens with
     */
    String infoLine(int boundPort, String clusterName, boolean dynamic, int poolIdx) {
        RouteInfo info = new RouteInfo();
        info.serverId = identity.serverId();
        info.serverName = identity.serverName();
        info.version = identity.compatibleVersion();
        info.proto = RouteCluster.ROUTE_PROTO;
        info.host = options.host();
        info.port = boundPort;
        if (options.advertise() != null) {
            // cluster_advertise: peers dial this instead of the listener's address.
            int colon = options.advertise().lastIndexOf(':');
            info.host = colon < 0 ? options.advertise() : options.advertise().substring(0, colon);
            info.port = colon < 0 ? boundPort : Integer.parseInt(options.advertise().substring(colon + 1));
            // Always host and port: a peer given only a host would not know where to dial.
            info.ip = "nats-route://" + RouteCluster.hostPort(info.host, info.port) + "/";
        }
        info.headers = local.headers();
        info.authRequired = auth.required();
        info.tlsRequired = tls;
        info.tlsVerify = tls;
        info.lameDuckMode = lameDuck;
        info.maxPayload = local.maxPayload();
        info.nonce = randomText(15);
        info.cluster = clusterName;
        info.clusterDynamic = dynamic;
        info.routePoolSize = RoutePool.advertised(options.poolSize());
        info.routePoolIdx = info.routePoolSize > 0 ? poolIdx : 0;
        if (!options.noAdvertise()) {
            info.connectUrls = local.clientConnectUrls();
            List<String> ws = local.webSocketConnectUrls();
            info.wsConnectUrls = ws.isEmpty() ? null : ws;
        }
        info.gatewayUrl = local.clusterGateways().ownUrl();
        String leafUrl = local.clusterLeafUrls().ownUrl();
        info.leafnodeUrls = leafUrl == null ? null : List.of(leafUrl);
        info.natsjVersion = identity.natsjVersion();
        info.java = Runtime.version().toString();
        return "INFO " + GoJson.write(info) + " \r\n";
    }

    /**
     * @param url the URL dialled, with the credentials to present
     * @param clusterName the cluster name now
     * @param dynamic whether that name was made up
     * @return the CONNECT line a solicited connection opens with
     */
    String connectLine(RouteUrl url, String clusterName, boolean dynamic) {
        RouteConnect connect = new RouteConnect();
        connect.user = url.user();
        connect.pass = url.password();
        connect.headers = local.headers();
        connect.tlsRequired = tls;
        connect.name = identity.serverId();
        connect.cluster = clusterName;
        connect.clusterDynamic = dynamic;
        return "CONNECT " + GoJson.write(connect) + "\r\n";
    }

    /**
     * @param c a registered route
     * @return its peer's INFO as gossip carries it: no nonce, and an {@code ip} to dial the peer
     *         at (its own, or its TCP address with the port from its INFO)
     */
    static RouteInfo forwardable(RouteConnection c) {
        RouteInfo info = c.remoteInfo().copy();
        info.nonce = null;
        info.routePoolIdx = 0;
        if (info.ip == null || info.ip.isEmpty()) {
            InetSocketAddress remote = c.remoteAddress();
            String host = remote == null ? info.host : remote.getAddress().getHostAddress();
            info.ip = "nats-route://" + RouteCluster.hostPort(host, info.port) + "/";
        }
        return info;
    }

    /**
     * @param host the interface the listener is bound to
     * @param port its port
     * @return {@code nats://host:port} URLs, every IPv4 address of the machine for a wildcard host
     */
    static List<String> listenUrls(String host, int port) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isEmpty()) {
            return List.of("nats://" + RouteCluster.hostPort(host, port));
        }
        List<String> urls = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        urls.add("nats://" + RouteCluster.hostPort(a.getHostAddress(), port));
                    }
                }
            }
        } catch (SocketException e) {
            urls.add("nats://" + RouteCluster.hostPort("127.0.0.1", port));
        }
        return urls;
    }

    /** @return random letters and digits: nonces, made-up cluster names */
    static String randomText(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}
