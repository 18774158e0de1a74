package io.natsj.kernel;

import com.typesafe.config.Config;
import io.natsj.kernel.server.PluginRegistry;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.server.ServerOptions;

/**
 * A natsj server embedded in a JVM: what tests and embedding applications start. The
 * configuration uses nats-server's keys ({@code port: -1} asks for an ephemeral port).
 */
public final class NatsServer implements AutoCloseable {

    private final Server server;

    private NatsServer(Server server) {
        this.server = server;
    }

    /**
     * Starts a server and returns once it accepts clients.
     *
     * @param config the server configuration in nats-server key layout
     * @return the started server
     */
    public static NatsServer start(Config config) {
        Server server = new Server(ServerOptions.from(config), config, PluginRegistry.load());
        try {
            server.start();
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
        return new NatsServer(server);
    }

    /** @return the bound client port */
    public int port() {
        return server.clientPort();
    }

    /** @return the client URL, {@code nats://127.0.0.1:<port>} */
    public String clientUrl() {
        return "nats://127.0.0.1:" + port();
    }

    /** @return the bound monitoring port, -1 when monitoring is off */
    public int monitorPort() {
        return server.monitorPort();
    }

    /** @return the server id (an NKey public key) */
    public String serverId() {
        return server.serverId();
    }

    /** Enters lame duck mode: no new clients, existing ones closed over lame_duck_duration. */
    public void enterLameDuckMode() {
        server.enterLameDuckMode();
    }

    /** Stops the server: closes every connection and the listeners. */
    @Override
    public void close() {
        server.shutdown();
    }
}
