package io.natsj.kernel.monitor;

import io.natsj.kernel.server.Server;

/**
 * The monitoring listener (work in progress).
 */
public final class MonitorServer implements AutoCloseable {

    private MonitorServer() {
    }

    /**
     * Starts the HTTP monitoring listener on the server's event loops.
     *
     * @param server the running server whose state is reported
     * @param host the interface to bind
     * @param port the port, 0 for an ephemeral one
     * @return the started listener
     */
    public static MonitorServer start(Server server, String host, int port) {
        throw new IllegalStateException("monitoring is not built yet");
    }

    /** @return the bound port */
    public int port() {
        return -1;
    }

    @Override
    public void close() {
    }
}
