package io.natsj.transport.tcp;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import io.natsj.spi.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * One bound TCP listener. Closing it closes the server socket only; the connections it already
 * accepted belong to the kernel, which closes them itself.
 */
final class TcpTransport implements Transport {

    private final Channel serverChannel;
    private final InetSocketAddress boundAddress;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param serverChannel the bound server channel
     */
    TcpTransport(Channel serverChannel) {
        this.serverChannel = serverChannel;
        // Kept from bind time: once closed, a channel no longer reports its local address.
        this.boundAddress = (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /**
     * Closes the server socket and, unless called from an event loop (where waiting would
     * deadlock), waits until the port is released. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ChannelFuture closing = serverChannel.close();
        if (!serverChannel.eventLoop().inEventLoop()) {
            closing.awaitUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "tcp listener on " + boundAddress;
    }
}
