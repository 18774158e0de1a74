package io.natsj.spi.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code host:port} URLs a client listener is announced at in INFO {@code connect_urls}
 * (and to peers, in route INFO {@code connect_urls}/{@code ws_connect_urls}), as nats-server
 * 2.9.10's {@code getConnectURLs} makes them: the advertised address when there is one, the
 * listener's host otherwise, and every address of the machine's interfaces that are up (not
 * loopback, not link-local; IPv4 only for {@code 0.0.0.0}) for a wildcard host. Shared by the
 * kernel (client listener) and the transports that listen from their own section (WebSocket).
 */
public final class ConnectUrls {

    private ConnectUrls() {
    }

    /**
     * @param advertise the advertised {@code host[:port]}, or null (or empty)
     * @param host the interface the listener is bound to
     * @param port the bound port
     * @return the URLs, never empty ({@code 127.0.0.1:port} when no interface qualifies)
     */
    public static List<String> of(String advertise, String host, int port) {
        if (advertise != null && !advertise.isEmpty()) {
            return List.of(advertise.matches(".*:\\d+$") ? advertise : hostPort(advertise, port));
        }
        if (!isAnyAddress(host)) {
            return List.of(hostPort(host, port));
        }
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
                    urls.add(hostPort(a.getHostAddress().replaceAll("%.*$", ""), port));
                }
            }
        } catch (SocketException e) {
            // Fall through to the loopback address below.
        }
        if (urls.isEmpty()) {
            urls.add(hostPort("127.0.0.1", port));
        }
        return List.copyOf(urls);
    }

    /** @return true for a wildcard host ({@code 0.0.0.0}, {@code ::}, empty) */
    public static boolean isAnyAddress(String host) {
        return host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    }

    /** @return {@code host:port}, an IPv6 host in brackets, as Go's {@code net.JoinHostPort} */
    public static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
