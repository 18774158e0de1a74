package io.natsj.kernel.server;

import io.natsj.spi.transport.ConnectionInitializer;
import io.natsj.spi.transport.ListenerRole;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protocols topology plugins offer for connections that arrive on another transport's
 * listener (a leaf node on the WebSocket port): registered when a topology starts, asked by the
 * transport per connection. Neither plugin knows the other; both know the kernel.
 */
final class PeerInitializers {

    private final Map<ListenerRole, ConnectionInitializer> byRole = new ConcurrentHashMap<>();

    /**
     * @param role the kind of peer
     * @param initializer its protocol
     * @throws io.natsj.spi.PluginException when another plugin already serves that kind
     */
    void register(ListenerRole role, ConnectionInitializer initializer) {
        if (byRole.putIfAbsent(role, initializer) != null) {
            throw new io.natsj.spi.PluginException("two plugins accept " + role + " connections from transports");
        }
    }

    /** @return the protocol for the kind of peer, or null when this server accepts none */
    ConnectionInitializer find(ListenerRole role) {
        return byRole.get(role);
    }
}
