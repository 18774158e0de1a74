package io.natsj.spi.transport;

/**
 * A way to accept connections: plain TCP, WebSocket, and so on. The provider is found with
 * {@link java.util.ServiceLoader}; the kernel asks it to open one listener per
 * {@link TransportRequest}.
 */
public interface TransportProvider extends io.natsj.spi.ConfiguredProvider {

    /**
     * Opens a listener and returns once it is bound.
     *
     * @param request where to listen, the event loops and the kernel's connection initializer
     * @return the open listener
     * @throws io.natsj.spi.PluginException when the listener cannot be opened
     */
    Transport open(TransportRequest request);

    /**
     * Whether this transport serves clients on a listener of its own whenever the configuration
     * has its section ({@code websocket {}}): the kernel then opens it with
     * {@link ListenerRole#CLIENT} besides the {@code tcp} client listener, and the provider reads
     * where to listen from its section ({@link TransportRequest#host()} and
     * {@link TransportRequest#port()} are only the client listener's, for defaults).
     *
     * @return true for such transports; false (the default) for a transport the kernel opens
     *         only where its own options say ({@code tcp})
     */
    default boolean listensFromSection() {
        return false;
    }

    /**
     * Checks the transport's section as {@link #open} would, without binding anything: the
     * kernel calls it for {@code -t} (test the configuration and exit), so a wrong section
     * fails there with the message it would give at start-up.
     *
     * @param section the provider's section
     * @throws io.natsj.spi.PluginException naming the key that is wrong or not built
     */
    default void check(com.typesafe.config.Config section) {
    }

    /**
     * The authentication settings of the listener this transport opens from its section (see
     * {@link #listensFromSection()}), read as {@link #open} would; the kernel applies them to
     * the listener's clients (and checks them at start-up, as nats-server does).
     *
     * @param section the provider's section
     * @return the listener's own settings; empty (the default) when it has none
     * @throws io.natsj.spi.PluginException naming the key that is wrong
     */
    default java.util.Optional<ListenerAuthorization> authorization(com.typesafe.config.Config section) {
        return java.util.Optional.empty();
    }

    /**
     * The URL schemes this transport can dial for a topology plugin ({@code ws}, {@code wss}),
     * so that a peer protocol runs over its framing in the outbound direction too.
     *
     * @return the schemes; empty (the default) for a transport that only listens
     */
    default java.util.Set<String> dialSchemes() {
        return java.util.Set.of();
    }

    /**
     * Connects as {@link DialRequest} says and, once the transport's own handshake is done,
     * calls the request's initializer on the connection's event loop.
     *
     * @param request where to connect, the transport's options, and the caller's protocol
     * @return completes when the initializer has been called, or exceptionally (the message
     *         says why) when the connection or the handshake failed; the channel is closed then
     * @throws io.natsj.spi.PluginException when this transport does not dial the request's scheme
     */
    default java.util.concurrent.CompletionStage<Void> dial(DialRequest request) {
        throw new io.natsj.spi.PluginException("the " + name() + " transport cannot dial " + request.scheme() + "://");
    }
}
