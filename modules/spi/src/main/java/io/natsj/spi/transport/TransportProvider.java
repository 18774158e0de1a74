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
}
