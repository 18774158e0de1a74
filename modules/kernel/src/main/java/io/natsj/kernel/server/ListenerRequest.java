package io.natsj.kernel.server;

import com.typesafe.config.Config;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.TransportRequest;
import io.netty.channel.EventLoopGroup;

/**
 * What the kernel asks a transport for when it opens a listener: the transport's own section,
 * where to listen, the server's event loops and what to do with each connection accepted.
 *
 * @param config the transport's section ({@code tcp}), empty when the configuration has none
 * @param role what the listener is for
 * @param host the address to bind
 * @param port the port to bind, 0 for any
 * @param acceptGroup the event loops accepting connections
 * @param ioGroup the event loops serving them
 * @param initializer what sets up each accepted connection
 * @param server the server asking
 */
record ListenerRequest(Config config, ListenerRole role, String host, int port, EventLoopGroup acceptGroup,
                       EventLoopGroup ioGroup, ConnectionInitializer initializer, ServerIdentity server)
        implements TransportRequest {
}
