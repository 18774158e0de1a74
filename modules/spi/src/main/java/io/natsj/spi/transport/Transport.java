package io.natsj.spi.transport;

import java.net.InetSocketAddress;

/**
 * An open listener. Closing it stops accepting; connections already accepted stay open and
 * are closed by the kernel.
 */
public interface Transport extends AutoCloseable {

    /** @return the address actually bound (with the real port when an ephemeral one was asked) */
    InetSocketAddress boundAddress();

    /**
     * @return the URLs clients reach this listener at ({@code ws://host:port}), for the ports
     *         file; empty when the kernel writes them itself ({@code tcp})
     */
    default java.util.List<String> listenUrls() {
        return java.util.List.of();
    }

    /**
     * @return the {@code host:port} URLs this listener's clients are told in INFO
     *         {@code connect_urls} (see {@link ConnectUrls}), for a listener that wraps the byte
     *         stream (WebSocket); empty when the kernel makes them itself ({@code tcp})
     */
    default java.util.List<String> connectUrls() {
        return java.util.List.of();
    }

    /**
     * @return the section /varz shows under the provider's config key ({@code websocket}), as
     *         nats-server shapes it; empty when there is none
     */
    default java.util.Map<String, Object> varz() {
        return java.util.Map.of();
    }

    /** Stops accepting new connections. Connections already accepted are not touched. */
    @Override
    void close();
}
