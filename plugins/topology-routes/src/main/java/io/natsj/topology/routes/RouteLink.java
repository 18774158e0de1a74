package io.natsj.topology.routes;

import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.natsj.spi.topology.wire.WireFrames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's way out to one route: messages as RMSG/HMSG frames ({@link PeerLink}) and local
 * interest as RS+/RS- lines ({@link InterestListener}).
 *
 * <p>The kernel calls {@link #writeFrame} on publishers' threads with the peer's outbound
 * buffer locked, and the listener on subscribers' threads under its interest lock: both only
 * write, and writing a frame allocates nothing.
 *
 * <p>RS+/RS- lines go through one queue that the route's event loop drains, writes and
 * flushes: the listener is called on many threads (the route's own loop included), and a
 * line must neither overtake an earlier one (a queue group's weights would arrive out of
 * order) nor be written after the flush that was meant to carry it (it would wait for the
 * next PING, and the peer would not know of the interest meanwhile).
 */
final class RouteLink implements PeerLink, InterestListener {

    private final RouteConnection connection;
    private final Channel channel;
    private final Queue<ByteBuf> lines = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    // The thread sending the interest dump when the route registers: nats-server does not trace the dump.
    private volatile Thread dumping;
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
        dumping = Thread.currentThread();
        try {
            session.watchInterest(this);
        } finally {
            dumping = null;
        }
        // On the route's loop: the dump goes out before anything this read batch answers (a PONG),
        // as nats-server sends it while processing the INFO.
        drain();
    }

    /**
     * Called from any thread, in the order of the kernel's interest lock: the line joins the
     * queue; on the route's loop the queue is written at once (the dump, at its end), from
     * elsewhere a drain is scheduled unless one is pending that will see the line.
     */
    private void queue(ByteBuf line) {
        if (connection.isClosing()) {
            line.release();
            return;
        }
        boolean dump = dumping == Thread.currentThread();
        if (connection.tracing() && !dump) {
            RouteTrace.out(connection, line);
        }
        lines.add(line);
        if (channel.eventLoop().inEventLoop()) {
            if (!dump) {
                drain();
            }
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                drainScheduled.set(false);
                discard();
            }
        }
    }

    /** On the event loop: writes every queued line in order, then flushes once (a dump is thousands). */
    private void drain() {
        // Cleared before polling: a line queued from now on schedules another drain, and one
        // queued before is polled below.
        drainScheduled.set(false);
        boolean wrote = false;
        for (ByteBuf line = lines.poll(); line != null; line = lines.poll()) {
            if (connection.isClosing()) {
                line.release();
            } else {
                channel.write(line, channel.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** The connection closed: lines still queued are dropped. */
    void discard() {
        for (ByteBuf line = lines.poll(); line != null; line = lines.poll()) {
            line.release();
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
