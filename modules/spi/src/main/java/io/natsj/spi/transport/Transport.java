package io.natsj.spi.transport;

import java.net.InetSocketAddress;

/**
 * An open listener. Closing it stops accepting; connections already accepted stay open and
 * are closed by the kernel.
 */
public interface Transport extends AutoCloseable {

    /** @return the address actually bound (with the real port when an ephemeral one was asked) */
    InetSocketAddress boundAddress();

    /** Stops accepting new connections. Connections already accepted are not touched. */
    @Override
    void close();
}
