package io.natsj.topology.leafnodes;

import com.typesafe.config.Config;
import io.natsj.spi.PluginException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code leafnodes.remotes}: the hub URLs this server dials as a leaf, and the
 * local account the connection is bound to.
 *
 * @param urls the hub URLs, tried in turn (shuffled unless {@code noRandomize})
 * @param account the local account the connection is bound to ({@code $G} when none is named)
 * @param noRandomize true to try the URLs in the configured order
 * @param tls the remote's {@code tls} block, or null: with one the leaf always runs TLS after
 *        the hub's INFO (under the WebSocket frames from the start for a WebSocket URL, even a
 *        {@code ws://} one, as nats-server 2.9.10); without, only when the hub's INFO says
 *        {@code tls_required} (never for WebSocket URLs: {@code wss://} decides there)
 * @param path the remote's config path ({@code leafnodes.remotes[0]}), for errors
 * @param credentials the {@code credentials} file (user JWT and seed), or null to send the
 *        URL's user and password, if any
 * @param denyImports subjects the hub's messages may not come in on: no interest in them is
 *        sent to the hub, and the hub is told them ({@code deny_pub} in CONNECT)
 * @param denyExports subjects no message goes to the hub on, and the hub's interest in which
 *        is ignored
 * @param websocket the remote's WebSocket options, for {@code ws://} URLs
 */
record LeafRemote(List<Url> urls, String account, boolean noRandomize, Config tls, String path,
        java.nio.file.Path credentials, List<String> denyImports, List<String> denyExports,
        LeafWebSocket websocket) {

    /** nats-server's global account, the default of {@code account}. */
    static final String GLOBAL_ACCOUNT = "$G";

    /**
     * A hub URL: {@code nats-leaf://[user:password@]host:port} (also {@code nats://} and
     * {@code tls://}; as in nats-server 2.9.10, the scheme alone does not turn TLS on), or
     * {@code ws://[user:password@]host[:port][/path]} or {@code wss://…} for the hub's WebSocket
     * port ({@code wss://} runs TLS under the frames, with the remote's {@code tls} block or,
     * without one, the JDK's trusted authorities, as nats-server 2.9.10 does with its system roots).
     *
     * @param host the host
     * @param port the port (7422, nats-server's leaf port, when absent; 80 for {@code ws://})
     * @param user the user from the URL, or null
     * @param password the password from the URL, or null
     * @param scheme {@code nats-leaf} (for {@code nats://} too), {@code ws} or {@code wss}
     * @param path the URL's escaped path ({@code ws://} only; nats-server appends it to
     *        {@code /leafnode}), empty when none
     */
    record Url(String host, int port, String user, String password, String scheme, String path) {

        /** nats-server's DEFAULT_LEAFNODE_PORT. */
        static final int DEFAULT_PORT = 7422;

        /** A {@code nats-leaf://} URL. */
        Url(String host, int port, String user, String password) {
            this(host, port, user, password, "nats-leaf", "");
        }

        /** @return true for a hub's WebSocket port ({@code ws://}, {@code wss://}) */
        boolean isWebSocket() {
            return LeafWebSocket.isWebSocketScheme(scheme);
        }

        /**
         * @param text the URL as configured
         * @param path its config path, for errors
         * @return the URL
         * @throws PluginException when it is not a URL natsj can dial
         */
        static Url parse(String text, String path) {
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (java.net.URISyntaxException e) {
                throw new PluginException(path + ": \"" + text + "\" is not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "nats-leaf", "nats", "tls" -> scheme = "nats-leaf";
                case "ws", "wss" -> { }
                default -> throw new PluginException(path + ": \"" + text
                        + "\" needs the scheme nats-leaf:// (or nats://, tls://)");
            }
            if (uri.getHost() == null) {
                throw new PluginException(path + ": \"" + text + "\" has no host");
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
            boolean ws = LeafWebSocket.isWebSocketScheme(scheme);
            int port = uri.getPort() >= 0 ? uri.getPort() : ws ? LeafWebSocket.defaultPort(scheme) : DEFAULT_PORT;
            String urlPath = ws && uri.getRawPath() != null ? uri.getRawPath() : "";
            return new Url(host, port, user, password, scheme, urlPath);
        }

        private static String decode(String raw) {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
