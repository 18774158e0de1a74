package io.natsj.spi.topology;

import com.typesafe.config.Config;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.tls.TlsContext;
import io.natsj.spi.transport.ListenerRole;
import io.natsj.spi.transport.Transport;
import io.natsj.spi.transport.ConnectionInitializer;
import io.netty.channel.EventLoopGroup;
import java.util.Optional;

/**
 * What a topology plugin is given when it starts. Implemented by the kernel.
 */
public interface TopologyRequest {

    /** @return the provider's own section ({@code cluster}, {@code gateway} or {@code leafnodes}) */
    Config config();

    /** @return who this server is */
    ServerIdentity server();

    /** @return the event loops for the plugin's connections */
    EventLoopGroup ioGroup();

    /**
     * Opens a listener for the plugin's peers on the TCP transport.
     *
     * @param role the role of the listener
     * @param host the interface to bind
     * @param port the port; 0 for an ephemeral one
     * @param initializer installs the plugin's protocol on each accepted connection
     * @return the open listener
     */
    Transport listen(ListenerRole role, String host, int port, ConnectionInitializer initializer);

    /**
     * @param tlsPath the config path of a {@code tls} block inside the plugin's section
     * @return the TLS context for that block, or empty when the block is absent
     */
    Optional<TlsContext> tls(String tlsPath);

    /**
     * @param tlsPath the config path of a {@code tls} block inside the plugin's section
     * @param verifyPeers true to require a certificate from every peer that connects, whatever
     *        the block says (nats-server's rule for cluster TLS)
     * @return the TLS context for that block, or empty when the block is absent
     */
    default Optional<TlsContext> tls(String tlsPath, boolean verifyPeers) {
        return tls(tlsPath);
    }

    /** @return the local server's services for peers: accounts, sessions, client URLs */
    LocalServer local();
}
