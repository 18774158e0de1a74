package io.natsj.topology.leafnodes;

import io.natsj.spi.PluginException;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.topology.TopologyRequest;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.DialRequest;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletionStage;

/**
 * A leaf remote's WebSocket options ({@code ws_compression}, {@code ws_no_masking}), and the dial
 * of a {@code ws://} hub URL. The WebSocket framing is the WebSocket transport's: this plugin
 * asks the kernel to dial through whichever transport answers for the scheme
 * ({@link TopologyRequest#dial}), on nats-server's leaf path {@code /leafnode}, and its leaf
 * protocol runs behind the frames as on a TCP connection.
 *
 * @param compression true to offer per-message deflate (used when the hub agrees)
 * @param noMasking true to ask the hub to take unmasked frames ({@code Nats-No-Masking})
 */
record LeafWebSocket(boolean compression, boolean noMasking) {

    /** No WebSocket options: frames masked, not compressed. */
    static final LeafWebSocket NONE = new LeafWebSocket(false, false);

    /** nats-server's leafNodeWSPath. */
    static final String LEAF_PATH = "/leafnode";

    /** @return true for the schemes that reach a hub's WebSocket port */
    static boolean isWebSocketScheme(String scheme) {
        return scheme.equals("ws") || scheme.equals("wss");
    }

    /** @return the port of a {@code ws://} URL without one, as Go's HTTP client dials */
    static int defaultPort(String scheme) {
        return scheme.equals("wss") ? 443 : 80;
    }

    /**
     * @param remote a remote whose URLs are WebSocket ones
     * @return true when its connections run TLS under the frames: it has a {@code tls} block,
     *         or one of its URLs is {@code wss://} (nats-server 2.9.10 then uses TLS for all)
     */
    static boolean secure(LeafRemote remote) {
        return remote.tls() != null || remote.urls().stream().anyMatch(u -> u.scheme().equals("wss"));
    }

    /**
     * nats-server's rule: a remote's URLs are all WebSocket ones or none.
     *
     * @param urls the remote's URLs
     * @param path the remote's config path, for the error
     * @throws PluginException with nats-server's text when they mix
     */
    static void checkNotMixed(List<LeafRemote.Url> urls, String path) {
        boolean first = urls.get(0).isWebSocket();
        for (LeafRemote.Url u : urls) {
            if (u.isWebSocket() != first) {
                StringJoiner list = new StringJoiner(" ", "[", "]");
                urls.forEach(x -> list.add("\"" + x + "\""));
                throw new PluginException(path + ": remote leaf node configuration cannot have a mix of websocket"
                        + " and non-websocket urls: " + list);
            }
        }
    }

    /**
     * @param request the topology's kernel services
     * @param remotes the configured remotes
     * @throws PluginException naming the remote when this runtime image has no transport for its scheme
     */
    static void checkDialable(TopologyRequest request, List<LeafRemote> remotes) {
        for (int i = 0; i < remotes.size(); i++) {
            for (LeafRemote.Url u : remotes.get(i).urls()) {
                if (u.isWebSocket() && !request.canDial(u.scheme())) {
                    throw new PluginException("leafnodes.remotes[" + i + "]: " + u + " needs the websocket transport"
                            + " plugin (module io.natsj.transport.websocket), which is not in this runtime image");
                }
            }
        }
    }

    /**
     * Dials a hub's WebSocket port: the upgrade on {@code /leafnode} (with the URL's own path
     * after it, as nats-server), then {@code install} puts the leaf protocol behind the frames.
     *
     * @param request the topology's kernel services
     * @param remote the remote (its WebSocket options)
     * @param target the URL picked
     * @param tls the remote's TLS (the WebSocket transport puts it under the frames, and the
     *        upgrade is dialled as {@code wss}), or null for plain {@code ws}
     * @param connectTimeoutMillis how long the TCP connect may take
     * @param install installs the leaf protocol on the upgraded connection
     * @return completes once the leaf protocol is installed, exceptionally when the hub could not be reached
     */
    static CompletionStage<Void> dial(TopologyRequest request, LeafRemote remote, LeafRemote.Url target,
                                      TlsContext tls, int connectTimeoutMillis, ConnectionInitializer install) {
        String path = LEAF_PATH;
        if (!target.path().isEmpty()) {
            path += target.path().startsWith("/") ? target.path().substring(1) : target.path();
        }
        LeafWebSocket ws = remote.websocket();
        String scheme = tls != null ? "wss" : "ws";
        return request.dial(new DialRequest(scheme, target.host(), target.port(), path, ws.compression(),
                ws.noMasking(), tls, request.ioGroup(), connectTimeoutMillis, install));
    }
}
