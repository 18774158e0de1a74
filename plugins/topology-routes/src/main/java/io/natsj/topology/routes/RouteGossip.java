package io.natsj.topology.routes;

import io.natsj.spi.PluginException;
import io.natsj.spi.ServerIdentity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
/**
 * What a registered route leads to and what peers tell about each other, as nats-server 2.9.10
 * and 2.10 do it: a new peer is announced to the others (gossip), a peer announced to us is
 * dialled (an implicit route), the rest of a pool we dialled is dialled, and clients learn the
 * peers' URLs.
 *
 * <p>Each step holds the {@link RouteRegistry}'s lock, so it decides on the routes as they are.
 */
final class RouteGossip {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.routes");

    private final ClusterOptions options;
    private final ServerIdentity identity;
    private final RouteRegistry registry;
    private final RouteDialer dialer;
    private final PeerClientUrls clientUrls;
    private final RouteGateways gateways;
    // Configured routes in lower case: gossip about them is not dialled a second time.
    private final Set<String> explicitHostPorts = new HashSet<>();

    /**
     * @param options the {@code cluster} section (configured routes, credentials)
     * @param identity this server, never dialled
     * @param registry the routes, and the lock
     * @param dialer dials implicit routes and pool connections
     * @param clientUrls the peers' client URLs
     * @param gateways what routes carry for gateways
     */
    RouteGossip(ClusterOptions options, ServerIdentity identity, RouteRegistry registry, RouteDialer dialer,
            PeerClientUrls clientUrls, RouteGateways gateways) {
        this.options = options;
        this.identity = identity;
        this.registry = registry;
        this.dialer = dialer;
        this.clientUrls = clientUrls;
        this.gateways = gateways;
        for (RouteUrl url : options.routes()) {
            explicitHostPorts.add(url.hostPort());
        }
    }

    /**
     * After the interest dump: for a peer's first connection, tells the other routes about the
     * new peer and clients about its URLs; for a pooled peer we dialled, dials the pool indexes
     * still missing.
     *
     * @param c the route just registered
     */
    void registered(RouteConnection c) {
        synchronized (registry) {
            RouteConnection[] slots = registry.slots(c.remoteId());
            if (!RouteRegistry.holds(slots, c)) {
                return;
            }
            if (RouteRegistry.count(slots) == 1) {
                if (registry.peers() > 1) {
                    String line = "INFO " + GoJson.write(RouteInfoLines.forwardable(c)) + "\r\n";
                    for (RouteConnection first : registry.firstOfOtherPeers(c.remoteId())) {
                        first.send(line);
                    }
                }
                clientUrls.set(c.remoteId(), c.remoteInfo().connectUrls, c.remoteInfo().wsConnectUrls);
                clientUrls.leafUrls(c.remoteId(), c.remoteInfo().leafnodeUrls);
                gateways.registered(c);
            }
            if (c.isPooled() && c.didSolicit() && c.url() != null) {
                for (int i = 0; i < slots.length; i++) {
                    if (slots[i] == null && registry.claimPoolDial(c.remoteId(), i)) {
                        dialer.solicitPool(c.url(), c.isExplicit(), c.remoteId(), i,
                                ThreadLocalRandom.current().nextLong(100));
                    }
                }
            }
        }
    }

    /**
     * A peer told us about another server: dial it unless we know it already or it is one of
     * our configured routes (nats-server's processImplicitRoute).
     *
     * @param info the gossiped INFO
     */
    void gossip(RouteInfo info) {
        RouteUrl url;
        String id = info.serverId;
        synchronized (registry) {
            if (registry.isClosed() || id == null || id.equals(identity.serverId()) || registry.isConnectedTo(id)
                    || registry.isImplicitPending(id)) {
                return;
            }
            if (explicitHostPorts.contains(RouteCluster.hostPort(info.host, info.port).toLowerCase(Locale.ROOT))) {
                return;
            }
            if (info.ip == null || info.ip.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "Gossip about " + id + " has no ip to dial");
                return;
            }
            try {
                url = RouteUrl.parse(info.ip, "gossiped ip");
            } catch (PluginException e) {
                LOG.log(System.Logger.Level.ERROR, "Gossip about " + id + ": " + e.getMessage());
                return;
            }
            if (info.authRequired && options.user() != null) {
                url = url.withCredentials(options.user(), options.password());
            }
            registry.claimImplicitDial(id);
        }
        dialer.solicit(url, false, id, 0);
    }

    /**
     * @param c a registered route whose peer sent a new INFO about itself
     * @param info that INFO ({@code ldm:true} takes its client URLs away)
     */
    void peerUpdated(RouteConnection c, RouteInfo info) {
        synchronized (registry) {
            if (RouteRegistry.holds(registry.slots(c.remoteId()), c)) {
                clientUrls.set(c.remoteId(), info.lameDuckMode ? null : info.connectUrls,
                        info.lameDuckMode ? null : info.wsConnectUrls);
            }
        }
    }
}
