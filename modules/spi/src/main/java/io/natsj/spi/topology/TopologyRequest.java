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

    /**
     * A TLS block that a config path cannot name, such as one inside a list entry (a remote
     * gateway's {@code tls} in {@code gateway.gateways}).
     *
     * @param block the {@code tls} block
     * @param name its place in the configuration, for errors (e.g. {@code gateway.gateways[0].tls})
     * @param verifyPeers true to require a certificate from every peer that connects
     * @return the TLS context for that block
     * @throws io.natsj.spi.PluginException naming the block when it is wrong
     */
    default TlsContext tls(Config block, String name, boolean verifyPeers) {
        throw new io.natsj.spi.PluginException(name + ": not supported by this kernel");
    }

    /**
     * A TLS block for dialling out only, which needs no certificate of its own (a leaf
     * remote's {@code tls { ca_file }}): the block's CA, or the JDK's trusted authorities when
     * it names none, is the trust for the peer; its certificate, if any, is the client's.
     *
     * @param block the {@code tls} block, possibly empty
     * @param name its place in the configuration, for errors (e.g. {@code leafnodes.remotes[0].tls})
     * @return the TLS context; use {@link TlsContext#newClientHandler} on it
     * @throws io.natsj.spi.PluginException naming the block when it is wrong
     */
    default TlsContext dialTls(Config block, String name) {
        throw new io.natsj.spi.PluginException(name + ": not supported by this kernel");
    }

    /** @return the local server's services for peers: accounts, sessions, client URLs */
    LocalServer local();

    /**
     * Lets connections of the plugin's peers arrive on other transports' listeners: a leaf node
     * dialling this hub's WebSocket port is handed to {@code initializer} once the WebSocket
     * upgrade is done, with the byte stream unwrapped, exactly as one on the plugin's own TCP
     * listener (see {@link io.natsj.spi.transport.TransportRequest#initializer(ListenerRole)}).
     *
     * @param role the kind of peer the plugin serves ({@link ListenerRole#LEAF})
     * @param initializer installs the plugin's protocol on such a connection
     */
    default void acceptFrom(ListenerRole role, ConnectionInitializer initializer) {
        throw new io.natsj.spi.PluginException("this kernel does not hand " + role + " connections between transports");
    }

    /**
     * @param scheme a URL scheme such as {@code ws}
     * @return true when a transport plugin of this runtime image dials it
     */
    default boolean canDial(String scheme) {
        return false;
    }

    /**
     * Dials a peer through the transport plugin that answers for the request's scheme (a leaf
     * node's {@code ws://} remote through the WebSocket transport), so the plugin's protocol
     * runs over that transport's framing without the two plugins knowing each other.
     *
     * @param request where to connect and the plugin's protocol
     * @return completes once the plugin's initializer was called, exceptionally if the
     *         connection or the transport's handshake failed
     * @throws io.natsj.spi.PluginException when no transport of the image dials the scheme
     */
    default java.util.concurrent.CompletionStage<Void> dial(io.natsj.spi.transport.DialRequest request) {
        throw new io.natsj.spi.PluginException("no transport plugin dials " + request.scheme() + "://");
    }
}
