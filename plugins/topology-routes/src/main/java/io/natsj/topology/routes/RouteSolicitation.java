package io.natsj.topology.routes;

import java.net.InetSocketAddress;
/**
 * Who dialled a route connection and why, which decides whether it is dialled again when lost:
 * the URL, whether we dialled it, whether the URL is one of {@code cluster.routes}. A kept
 * duplicate takes them over from the solicited connection it replaced, and a pool connection
 * the peer dialled from the one we dialled (2.10's upgradeRouteToSolicited).
 *
 * <p>Written on the connection's event loop or under the {@link RouteRegistry}'s lock, read
 * from anywhere.
 */
final class RouteSolicitation {

    private volatile RouteUrl url;
    private volatile boolean didSolicit;
    private volatile boolean explicit;
    private volatile boolean retry;

    /**
     * @param url the URL dialled, or null for an accepted connection
     * @param explicit true when the URL is one of {@code cluster.routes}
     */
    RouteSolicitation(RouteUrl url, boolean explicit) {
        this.url = url;
        this.didSolicit = url != null;
        this.explicit = explicit;
    }

    /** Takes over the solicitation of a closed duplicate, so this connection is redialled if lost. */
    void inherit(RouteSolicitation duplicate) {
        if (duplicate.didSolicit) {
            url = duplicate.url;
            didSolicit = true;
            explicit = duplicate.explicit;
        }
        retry = true;
    }

    /**
     * A pool connection the peer dialled, while we dialled another of the same pool: it is
     * redialled like ours if lost (2.10's upgradeRouteToSolicited).
     */
    void upgradeToSolicited(RouteUrl dialled, boolean configured) {
        if (!didSolicit) {
            didSolicit = true;
            url = dialled;
        }
        if (configured) {
            explicit = true;
        }
    }

    /**
     * For an accepted connection, notes where to redial it should it take over a solicited
     * duplicate: the address in the peer's INFO.
     *
     * @param info the peer's INFO
     * @param remote the TCP peer address, whose IP stands in for an unspecified INFO host
     * @param options the {@code cluster} section, whose credentials go with the URL
     */
    void acceptedFrom(RouteInfo info, InetSocketAddress remote, ClusterOptions options) {
        if (url != null) {
            return;
        }
        String host = info.host;
        if ((host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) && remote != null) {
            host = remote.getAddress().getHostAddress();
        }
        RouteUrl retryAt = new RouteUrl(host, info.port, null, null);
        url = info.authRequired && options.user() != null
                ? retryAt.withCredentials(options.user(), options.password()) : retryAt;
    }

    /** @return the URL dialled or to redial, or null for an accepted connection before INFO */
    RouteUrl url() {
        return url;
    }

    boolean didSolicit() {
        return didSolicit;
    }

    boolean isExplicit() {
        return explicit;
    }

    /** @return true when this connection replaced a duplicate, and is dialled again if lost */
    boolean retry() {
        return retry;
    }
}
