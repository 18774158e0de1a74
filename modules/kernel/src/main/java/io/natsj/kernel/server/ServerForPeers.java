package io.natsj.kernel.server;

import io.natsj.kernel.peer.KernelPeerSession;
import io.natsj.spi.service.JetStreamPresence;
import io.natsj.spi.service.Service;
import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The server as topology plugins see it ({@link LocalServer}): accounts by name, a kernel
 * session per peer connection, and the client URLs of this server and of its peers.
 */
final class ServerForPeers implements LocalServer {

    private final Server server;
    private final io.natsj.spi.topology.ClusterGateways clusterGateways = new io.natsj.spi.topology.ClusterGateways();
    private final io.natsj.spi.topology.ClusterLeafUrls clusterLeafUrls = new io.natsj.spi.topology.ClusterLeafUrls();

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
    public java.util.concurrent.CompletionStage<AccountRef> resolveAccountLater(String name) {
        if (!server.operatorMode()) {
            return java.util.concurrent.CompletableFuture.completedFuture(server.accounts().get(name));
        }
        return server.resolvedAccounts().resolveLater(name, server.authentication()::lookupAccount)
                .thenApply(a -> (AccountRef) a);
    }

    @Override
    public Runnable onAccountAdded(java.util.function.Consumer<AccountRef> listener) {
        java.util.function.Consumer<io.natsj.kernel.account.Account> told = listener::accept;
        server.accounts().onAdded(told);
        return () -> server.accounts().removeOnAdded(told);
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
        return io.natsj.spi.transport.ConnectUrls.of(options.clientAdvertise(), options.host(), server.clientPort());
    }

    @Override
    public List<String> webSocketConnectUrls() {
        return server.wrappedListenerConnectUrls();
    }

    @Override
    public List<String> clusterWebSocketConnectUrls() {
        return server.clusterWebSocketUrls();
    }

    @Override
    public void peerWebSocketConnectUrls(List<String> urls) {
        server.peerWebSocketUrls(urls);
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
    public int maxSubscriptions() {
        return server.options().limits().maxSubscriptions();
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
    public io.natsj.spi.topology.ClusterLeafUrls clusterLeafUrls() {
        return clusterLeafUrls;
    }

    @Override
    public io.natsj.spi.topology.ClusterGateways clusterGateways() {
        return clusterGateways;
    }
}
