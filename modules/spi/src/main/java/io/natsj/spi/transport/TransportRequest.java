package io.natsj.spi.transport;

import com.typesafe.config.Config;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.netty.channel.EventLoopGroup;

/**
 * Everything a transport is given to open one listener. The kernel implements this interface;
 * new needs become new methods here, not new SPI versions.
 */
public interface TransportRequest {

    /** @return this provider's own config section (empty when the config has none) */
    Config config();

    /** @return what the listener serves */
    ListenerRole role();

    /** @return the interface to bind, for example {@code 0.0.0.0} */
    String host();

    /** @return the port to bind; {@code 0} asks for an ephemeral port */
    int port();

    /** @return the event loops that accept connections */
    EventLoopGroup acceptGroup();

    /** @return the event loops that serve accepted connections */
    EventLoopGroup ioGroup();

    /** @return the kernel's protocol installer for accepted connections */
    ConnectionInitializer initializer();

    /** @return who this server is */
    ServerIdentity server();

    /**
     * The TLS of this listener, made by the TLS plugin from the {@code tls} block inside the
     * provider's own section ({@code websocket.tls}); the client listener's {@code tls} is the
     * kernel's to apply and is not given here.
     *
     * @return the section's TLS, or null when it has no {@code tls} block
     */
    default TlsContext tls() {
        return null;
    }

    /**
     * The protocol installer for a connection of another kind than {@link #role()} that arrived
     * on this listener: nats-server's WebSocket port takes leaf nodes too (an upgrade on the
     * {@code /leafnode} path), and the leaf protocol is the leaf-node plugin's. The kernel asks
     * the topology plugins that registered one ({@link io.natsj.spi.topology.TopologyRequest#acceptFrom})
     * at the moment of the call: topologies start after the client listeners, so a transport
     * looks it up per connection and never keeps the answer.
     *
     * @param role the kind of peer the connection says it is
     * @return the installer, or null when no plugin of this server accepts that kind (a server
     *         without a leaf-node listener)
     */
    default ConnectionInitializer initializer(ListenerRole role) {
        return role == role() ? initializer() : null;
    }
}
