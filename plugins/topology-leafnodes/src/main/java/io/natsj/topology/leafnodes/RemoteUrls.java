package io.natsj.topology.leafnodes;

import io.natsj.spi.PluginException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A remote's dialling state, as nats-server 2.9.10's {@code leafNodeCfg} keeps it: the URLs to
 * try (the configured ones, shuffled unless {@code no_randomize}; after a hub's INFO, the
 * hub cluster's {@code leafnode_urls} first and the configured ones after them, in their
 * configured order), the URL tried last, and a delay the next attempt waits for.
 *
 * <p>URLs a hub gives are bare {@code host:port}: a connection to one presents the user and
 * password of the first configured URL that has them, and TLS checks the hub's certificate
 * against the first configured host name that is not an IP address (nats-server's
 * {@code saveUserPassword} and {@code saveTLSHostname}).
 */
final class RemoteUrls {

    private static final System.Logger LOG = System.getLogger("io.natsj.topology.leafnodes");

    private final LeafRemote remote;
    private final String user;
    private final String password;
    private final String tlsName;
    private List<LeafRemote.Url> urls;
    private volatile LeafRemote.Url current;
    private volatile long delayMillis;
    /** False until the first pick, nats-server's {@code curURL} being nil. */
    RemoteUrls(LeafRemote remote) {
        this.remote = remote;
        List<LeafRemote.Url> u = new ArrayList<>(remote.urls());
        if (!remote.noRandomize()) {
            Collections.shuffle(u);
        }
        this.urls = List.copyOf(u);
        this.current = urls.get(0);
        String firstUser = null;
        String firstPassword = null;
        String name = null;
        for (LeafRemote.Url url : urls) {
            if (firstUser == null && url.user() != null) {
                firstUser = url.user();
                firstPassword = url.password();
            }
            if (name == null && !isIpLiteral(url.host())) {
                name = url.host();
            }
        }
        this.user = firstUser;
        this.password = firstPassword;
        this.tlsName = name;
    }

    /**
     * As nats-server's {@code pickNextURL}: the URL dialled last, when first in the list, goes
     * to its end; the first is dialled next.
     *
     * @return the URL to dial
     */
    synchronized LeafRemote.Url pick() {
        if (urls.size() > 1 && sameHostPort(current, urls.get(0)) && picked) {
            List<LeafRemote.Url> rotated = new ArrayList<>(urls.subList(1, urls.size()));
            rotated.add(urls.get(0));
            urls = List.copyOf(rotated);
        }
        picked = true;
        current = urls.get(0);
        return current;
    }

    private boolean picked;

    /** @return the URL dialled last (its user and password go in CONNECT) */
    LeafRemote.Url current() {
        return current;
    }

    /** @return the URLs as they will be tried, for logs and tests */
    synchronized List<LeafRemote.Url> urls() {
        return urls;
    }

    /**
     * A hub's INFO (first or asynchronous) listed its cluster's URLs: the list becomes those
     * (less the configured ones) followed by the configured ones, as nats-server's
     * {@code updateLeafNodeURLs}. A TCP remote takes {@code leafnode_urls}; a WebSocket remote
     * takes {@code ws_connect_urls} instead, as {@code wss://} when the remote runs TLS.
     *
     * @param leafUrls the INFO's {@code leafnode_urls}, or null
     * @param wsUrls the INFO's {@code ws_connect_urls}, or null
     */
    void learned(List<String> leafUrls, List<String> wsUrls) {
        boolean ws = remote.urls().get(0).isWebSocket();
        if ((leafUrls == null || leafUrls.isEmpty()) && (wsUrls == null || wsUrls.isEmpty())) {
            return;
        }
        String scheme = !ws ? "nats-leaf"
                : remote.tls() != null || remote.urls().stream().anyMatch(u -> u.scheme().equals("wss")) ? "wss" : "ws";
        List<String> hostPorts = ws ? wsUrls : leafUrls;
        List<LeafRemote.Url> next = new ArrayList<>();
        for (String hp : hostPorts == null ? List.<String>of() : hostPorts) {
            LeafRemote.Url url;
            try {
                url = LeafRemote.Url.parse(scheme + "://" + hp, remote.path());
            } catch (PluginException e) {
                LOG.log(System.Logger.Level.ERROR, () -> "Error parsing url \"" + hp + "\": " + e.getMessage());
                continue;
            }
            boolean configured = remote.urls().stream().anyMatch(c -> sameHostPort(c, url));
            if (!configured && next.stream().noneMatch(n -> sameHostPort(n, url))) {
                next.add(new LeafRemote.Url(url.host(), url.port(), user, password, scheme, ""));
            }
        }
        next.addAll(remote.urls());
        synchronized (this) {
            urls = List.copyOf(next);
        }
    }

    /**
     * @param at the URL dialled
     * @return the host name TLS checks the hub's certificate against
     */
    String tlsHost(LeafRemote.Url at) {
        return isIpLiteral(at.host()) && tlsName != null ? tlsName : at.host();
    }

    void delayNextAttempt(long millis) {
        delayMillis = millis;
    }

    /** @return the delay asked for, once (then 0) */
    long takeDelay() {
        long d = delayMillis;
        delayMillis = 0;
        return d;
    }

    private static boolean sameHostPort(LeafRemote.Url a, LeafRemote.Url b) {
        return a.port() == b.port() && a.host().toLowerCase(Locale.ROOT).equals(b.host().toLowerCase(Locale.ROOT));
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
