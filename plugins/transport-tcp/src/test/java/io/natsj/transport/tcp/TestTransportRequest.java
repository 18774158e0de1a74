package io.natsj.transport.tcp;

import com.typesafe.config.Config;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.TransportRequest;
import io.netty.channel.EventLoopGroup;

/**
 * A {@link TransportRequest} as the kernel would build it, for tests.
 *
 * @param config the {@code tcp} section
 * @param role what the listener serves
 * @param host the interface to bind
 * @param port the port to bind, 0 for an ephemeral one
 * @param acceptGroup the accepting event loops
 * @param ioGroup the connection event loops
 * @param initializer what to call per accepted connection
 * @param server the server's identity
 */
record TestTransportRequest(Config config, ListenerRole role, String host, int port,
        EventLoopGroup acceptGroup, EventLoopGroup ioGroup, ConnectionInitializer initializer,
        ServerIdentity server) implements TransportRequest {

    /** The identity tests use; the TCP transport never looks at it. */
    static final ServerIdentity TEST_SERVER = new ServerIdentity() {
        @Override
        public String serverId() {
            return "NTESTSERVERID";
        }

        @Override
        public String serverName() {
            return "test";
        }

        @Override
        public String compatibleVersion() {
            return "2.12.0";
        }

        @Override
        public String natsjVersion() {
            return "0.1.0-SNAPSHOT";
        }
    };
}
