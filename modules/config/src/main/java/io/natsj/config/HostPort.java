package io.natsj.config;

/**
 * A {@code listen}-style address: nats-server accepts a bare port ({@code listen: 4222}) or
 * {@code host:port} split like Go's {@code net.SplitHostPort} ({@code [::1]:4222} for IPv6).
 * The port may be {@code -1} (pick a random port).
 *
 * @param host the host, empty when only a port was given
 * @param port the port
 */
public record HostPort(String host, int port) {

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException with nats-server's message when it is not one
     */
    public static HostPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("could not parse address string \"" + text + "\"");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("could not parse address string \"" + text + "\"");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("could not parse port \"" + port + "\"");
        }
    }

    /** @return {@code host:port}, with brackets around an IPv6 host */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
