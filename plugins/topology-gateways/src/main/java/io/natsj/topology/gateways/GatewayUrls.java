package io.natsj.topology.gateways;

import io.natsj.spi.PluginException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Locale;

/**
 * Gateway addresses as nats-server writes them in INFO and gossip: {@code host:port}, no
 * scheme; configured URLs ({@code nats://host:port}) are reduced to that.
 */
final class GatewayUrls {

    private GatewayUrls() {
    }

    /**
     * @param text a URL such as {@code nats://127.0.0.1:7222}, or a bare {@code host:port}
     * @param path the config path it came from, for the error
     * @return {@code host:port}
     * @throws PluginException when it has no host or port
     */
    static String hostPort(String text, String path) {
        String t = text.trim();
        if (!t.contains("://")) {
            t = "nats://" + t;
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new PluginException(path + ": parse \"" + text + "\": " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new PluginException(path + ": \"" + text + "\" needs a host and a port, e.g. nats://host:7222");
        }
        return join(uri.getHost(), uri.getPort());
    }

    /**
     * @param text a configured URL such as {@code nats://user:pass@host:7222}
     * @return {user, password} from its user info, or null when it has none
     */
    static String[] credentials(String text) {
        String t = text.trim();
        if (!t.contains("://")) {
            t = "nats://" + t;
        }
        try {
            String info = new URI(t).getUserInfo();
            if (info == null) {
                return null;
            }
            int colon = info.indexOf(':');
            return colon < 0 ? new String[] {info, ""} : new String[] {info.substring(0, colon), info.substring(colon + 1)};
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** @return {@code host:port}, an IPv6 host in brackets */
    static String join(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** @return the host of {@code host:port}, without brackets */
    static String host(String hostPort) {
        String h = hostPort.substring(0, hostPort.lastIndexOf(':'));
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** @return the port of {@code host:port} */
    static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /**
     * The address other clusters are told to dial, as nats-server picks it: the advertised one,
     * else the listener's host, or for a wildcard listener the first non-local IP address.
     *
     * @param options the section
     * @param boundPort the listener's port
     * @return {@code host:port}
     */
    static String advertised(GatewayOptions options, int boundPort) {
        if (options.advertise() != null) {
            String a = options.advertise().trim();
            return a.matches(".*:\\d+$") ? hostPort(a, "gateway.advertise") : join(a, boundPort);
        }
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty()) {
            host = firstNonLocalAddress();
        }
        return join(host, boundPort);
    }

    private static String firstNonLocalAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall back to loopback below
        }
        return "127.0.0.1";
    }
}
