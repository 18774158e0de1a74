package io.natsj.topology.routes;

import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.QueueNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's way out to one route: messages as RMSG/HMSG frames ({@link PeerLink}) and local
 * interest as RS+/RS- lines ({@link InterestListener}).
 *
 * <p>The kernel calls {@link #writeFrame} on publishers' threads with the peer's outbound
 * buffer locked, and the listener on subscribers' threads under its interest lock: both only
 * write, and writing a frame allocates nothing.
 */
final class RouteLink implements PeerLink, InterestListener {

    private final RouteConnection connection;
    private final Channel channel;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
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
        return RouteFrames.messageSize(headers, account, message, queues);
    }

    @Override
    public void writeFrame(ByteBuf out, byte[] account, MessageView message, QueueNames queues) {
        RouteFrames.writeMessage(out, headers, account, message, queues);
        outMsgs++;
        outBytes += message.bodyLength();
    }

    @Override
    public void interest(String account, String subject, String queue, int weight) {
        if (!connection.carries(account)) {
            return;
        }
        write(RouteFrames.interest(channel.alloc(), account, subject, queue, weight));
    }

    @Override
    public void noInterest(String account, String subject, String queue) {
        if (!connection.carries(account)) {
            return;
        }
        write(RouteFrames.noInterest(channel.alloc(), account, subject, queue));
    }

    /** Writes from any thread; one flush per burst (an interest dump is thousands of lines). */
    private void write(ByteBuf line) {
        if (connection.isClosing()) {
            line.release();
            return;
        }
        channel.write(line, channel.voidPromise());
        if (flushScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                flushScheduled.set(false);
                channel.flush();
            });
        }
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
