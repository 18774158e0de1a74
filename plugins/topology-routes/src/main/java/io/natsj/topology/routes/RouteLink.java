package io.natsj.topology.routes;

import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.natsj.spi.topology.wire.LineQueue;
import io.natsj.spi.topology.wire.WireFrames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The kernel's way out to one route: messages as RMSG/HMSG frames ({@link PeerLink}) and local
 * interest as RS+/RS- lines ({@link InterestListener}).
 *
 * <p>The kernel calls {@link #writeFrame} on publishers' threads with the peer's outbound
 * buffer locked, and the listener on subscribers' threads under its interest lock: both only
 * write, and writing a frame allocates nothing.
 *
 * <p>RS+/RS- lines go through a {@link LineQueue}, which the route's event loop drains in
 * order.
 */
final class RouteLink implements PeerLink, InterestListener {

    private final RouteConnection connection;
    private final Channel channel;
    // Held during the interest dump when the route registers: nats-server does not trace the dump.
    private final LineQueue lines;
    private volatile boolean headers;
    // Written under the kernel's outbound lock, read by /routez without it.
    private long outMsgs;
    private long outBytes;

    /**
     * @param connection the route connection it belongs to
     * @param channel its channel
     */
    RouteLink(RouteConnection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
        this.lines = new LineQueue(channel, connection::isClosing);
    }

    /** @param both true when both sides said {@code headers:true}: HMSG, else headers are stripped */
    void headers(boolean both) {
        headers = both;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public int frameSize(byte[] account, MessageView message, QueueNames queues) {
        return WireFrames.messageSize(headers, account, message, queues);
    }

    @Override
    public void writeFrame(ByteBuf out, byte[] account, MessageView message, QueueNames queues) {
        int at = out.writerIndex();
        WireFrames.writeMessage(out, headers, account, message, queues);
        if (connection.tracing()) {
            RouteTrace.outMessage(connection, out, at);
        }
        outMsgs++;
        outBytes += message.bodyLength();
    }

    @Override
    public void interest(String account, String subject, String queue, int weight) {
        if (!connection.carries(account)) {
            return;
        }
        queue(WireFrames.interest(channel.alloc(), account, subject, queue, weight));
    }

    @Override
    public void noInterest(String account, String subject, String queue) {
        if (!connection.carries(account)) {
            return;
        }
        queue(WireFrames.noInterest(channel.alloc(), account, subject, queue));
    }

    /**
     * Sends the kernel's whole interest now, then each change (see {@link PeerSession#watchInterest}).
     *
     * @param session the route's kernel session
     */
    void sendInterest(PeerSession session) {
        lines.holdWhile(() -> session.watchInterest(this));
        // On the route's loop: the dump goes out before anything this read batch answers (a PONG),
        // as nats-server sends it while processing the INFO.
        lines.drain();
    }

    /** Called from any thread, in the order of the kernel's interest lock. */
    private void queue(ByteBuf line) {
        if (connection.tracing() && !lines.heldByCurrentThread() && !connection.isClosing()) {
            RouteTrace.out(connection, line);
        }
        lines.add(line);
    }

    /** The connection closed: lines still queued are dropped. */
    void discard() {
        lines.discard();
    }

    long outMsgs() {
        return outMsgs;
    }

    long outBytes() {
        return outBytes;
    }

    @Override
    public String label() {
        return connection.label();
    }
}
