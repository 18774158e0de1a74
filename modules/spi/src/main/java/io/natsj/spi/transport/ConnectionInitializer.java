package io.natsj.spi.transport;

import io.netty.channel.Channel;

/**
 * The kernel's side of a transport: installs the protocol handlers for one accepted connection.
 * A transport calls it once per connection, from the connection's event loop, after adding its
 * own handlers (if any) at the front of the pipeline.
 */
@FunctionalInterface
public interface ConnectionInitializer {

    /**
     * Installs the protocol for the given connection.
     *
     * @param request the connection, and what the transport knows about it
     */
    void initialize(ConnectionRequest request);

    /**
     * One accepted connection as a transport hands it to the kernel.
     *
     * @param channel the accepted channel; its pipeline holds the transport's own handlers
     * @param transportName the {@link TransportProvider#name()} of the transport that accepted it
     * @param wrapped true when the transport already wraps the byte stream (for example
     *        WebSocket framing), so the kernel must not add TLS of its own in front of it
     */
    record ConnectionRequest(Channel channel, String transportName, boolean wrapped) {
    }
}
