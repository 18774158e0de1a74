package io.natsj.kernel.server;

import io.natsj.kernel.peer.KernelPeerSession;
import io.natsj.spi.service.JetStreamPresence;
import io.natsj.spi.service.Service;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server as topology plugins see it ({@link LocalServer}): accounts by name, a kernel
 * session per peer connection, and the client URLs of this server and of its peers.
 */
final class ServerForPeers implements LocalServer {

    private final Server server;
    private final io.natsj.spi.topology.ClusterGateways clusterGateways = new io.natsj.spi.topology.ClusterGateways();

    ServerForPeers(Server server) {
        this.server = server;
    }

    @Override
    public AccountRef account(String name) {
        return server.accounts().get(name);
    }

    @Override
    public AccountRef resolveAccount(String name) {
        return server.operatorMode() ? server.resolvedAccounts().resolve(name) : server.accounts().get(name);
    }

    @Override
    public List<String> accountNames() {
        List<String> names = new ArrayList<>();
        for (io.natsj.kernel.account.Account acc : server.accounts().all()) {
            names.add(acc.name());
        }
        return names;
    }

    @Override
    public io.natsj.spi.auth.AuthResult authenticate(io.natsj.spi.auth.AuthRequest request) {
        return server.authentication().authenticatePeer(request);
    }

    @Override
    public PeerSession openSession(PeerLink link, PeerKind kind) {
        KernelPeerSession session = new KernelPeerSession(server.accounts(), link, kind, maxPending(),
                server.config().hasPath("gateway"));
        // A session never outlives its connection, whatever the plugin forgets.
        link.channel().closeFuture().addListener(f -> session.close());
        return session;
    }

    @Override
    public JetStreamPresence jetStream() {
        for (Service s : server.services()) {
            JetStreamPresence js = s.jetStream();
            if (js != null) {
                return js;
            }
        }
        return JetStreamPresence.NONE;
    }

    @Override
    public String systemAccount() {
        return server.system().account() == null ? null : server.system().account().name();
    }

    @Override
    public List<String> clientConnectUrls() {
        ServerOptions options = server.options();
        if (options.clientAdvertise() != null) {
            return List.of(withPort(options.clientAdvertise(), server.clientPort()));
        }
        String host = options.host();
        int port = server.clientPort();
        if (!isAnyAddress(host)) {
            return List.of(Server.hostPort(host, port));
        }
        // As nats-server: a wildcard listener is reached at every address of the machine.
        List<String> urls = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLinkLocalAddress() || (a instanceof Inet6Address && host.equals("0.0.0.0"))) {
                        continue;
                    }
                    urls.add(Server.hostPort(a.getHostAddress().replaceAll("%.*$", ""), port));
                }
            }
        } catch (SocketException e) {
            // Fall through to the loopback address below.
        }
        if (urls.isEmpty()) {
            urls.add(Server.hostPort("127.0.0.1", port));
        }
        return List.copyOf(urls);
    }

    private static boolean isAnyAddress(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    }

    private static String withPort(String advertise, int port) {
        return advertise.matches(".*:\\d+$") ? advertise : Server.hostPort(advertise, port);
    }

    @Override
    public void peerClientUrls(List<String> urls) {
        server.peerClientUrls(urls);
    }

    @Override
    public int maxPayload() {
        return server.options().limits().maxPayload();
    }

    @Override
    public boolean headers() {
        return server.options().headers();
    }

    @Override
    public long maxPending() {
        return server.options().limits().maxPending();
    }

    @Override
    public boolean isLameDuck() {
        return server.isLameDuck();
    }

    @Override
    public void clusterName(String name) {
        server.clusterName(name);
    }

    @Override
    public java.time.Duration pingInterval() {
        return server.options().limits().pingInterval();
    }

    @Override
    public int pingMax() {
        return server.options().limits().pingMax();
    }

    @Override
    public int maxControlLine() {
        return server.options().limits().maxControlLine();
    }

    @Override
    public long nextConnectionId() {
        return server.nextClientId();
    }


    @Override
    public io.natsj.spi.topology.ClusterGateways clusterGateways() {
        return clusterGateways;
    }
}
