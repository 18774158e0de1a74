package io.natsj.topology.routes;

import io.natsj.spi.PluginException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
/**
 * A route URL: where to dial a peer and, when the URL carries them, the credentials its
 * CONNECT presents ({@code nats://user:pass@host:port}). Explicit routes come from
 * {@code cluster.routes}; implicit ones from the {@code ip} of a gossiped INFO.
 *
 * @param host the host to dial (no brackets around an IPv6 address)
 * @param port the port to dial
 * @param user the user for CONNECT, or null
 * @param password the password for CONNECT, or null
 */
record RouteUrl(String host, int port, String user, String password) {

    /**
     * @param text a URL such as {@code nats://ruser:rpass@127.0.0.1:6222} or
     *        {@code nats-route://127.0.0.1:6222/}
     * @param path the config path it came from, for the error
     * @return the URL
     * @throws PluginException when it is not a URL with a host and a port
     */
    static RouteUrl parse(String text, String path) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new PluginException(path + ": parse \"" + text + "\": " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new PluginException(path + ": \"" + text + "\" needs a host and a port, e.g. nats://host:6222");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new RouteUrl(host, uri.getPort(), user, password);
    }

    /** @return the same address with other credentials (gossip dials with our own) */
    RouteUrl withCredentials(String newUser, String newPassword) {
        return new RouteUrl(host, port, newUser, newPassword);
    }

    /** @return {@code host:port} lower case, as nats-server compares a gossiped peer with its routes */
    String hostPort() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (h + ":" + port).toLowerCase(Locale.ROOT);
    }

    /** @return the URL as nats-server shows it in logs and gossip, without credentials */
    @Override
    public String toString() {
        return "nats-route://" + hostPort() + "/";
    }

    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
