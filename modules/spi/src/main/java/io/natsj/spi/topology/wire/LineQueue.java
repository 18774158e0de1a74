package io.natsj.spi.topology.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The protocol lines (RS+/RS-, INFO commands) a peer link sends outside the kernel's message
 * frames, written in the order they were queued. The kernel tells a link of interest on many
 * threads (the connection's own event loop included), and a line must neither overtake an
 * earlier one (a queue group's weights would arrive out of order) nor be written after the
 * flush meant to carry it (the peer would not know of the interest until the next PING). So
 * every line joins one queue that the connection's event loop drains, writes and flushes once.
 *
 * <p>While a thread {@linkplain #holdWhile holds} the queue (the interest dump when a peer
 * registers), lines it queues wait for the holder's {@link #drain}: the dump goes out as one
 * batch.
 */
public final class LineQueue {

    private final Channel channel;
    private final BooleanSupplier closing;
    private final Queue<ByteBuf> lines = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Thread holder;

    /**
     * @param channel the peer connection's channel
     * @param closing true once the connection is closing: lines are dropped from then on
     */
    public LineQueue(Channel channel, BooleanSupplier closing) {
        this.channel = channel;
        this.closing = closing;
    }

    /**
     * Queues a line, from any thread: on the connection's event loop it is written at once
     * (unless the queue is held), from elsewhere a drain is scheduled unless one is pending that
     * will see the line.
     *
     * @param line the whole line, CRLF included; released here once written or dropped
     */
    public void add(ByteBuf line) {
        if (closing.getAsBoolean()) {
            line.release();
            return;
        }
        lines.add(line);
        if (channel.eventLoop().inEventLoop()) {
            if (!heldByCurrentThread()) {
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

    /**
     * Runs the action with the queue held by the calling thread; the caller drains afterwards.
     *
     * @param action what queues the held lines (the kernel's interest dump)
     */
    public void holdWhile(Runnable action) {
        holder = Thread.currentThread();
        try {
            action.run();
        } finally {
            holder = null;
        }
    }

    /** @return true while the calling thread holds the queue */
    public boolean heldByCurrentThread() {
        return holder == Thread.currentThread();
    }

    /** On the event loop: writes every queued line in order, then flushes once (a dump is thousands). */
    public void drain() {
        // Cleared before polling: a line queued from now on schedules another drain, and one
        // queued before is polled below.
        drainScheduled.set(false);
        boolean wrote = false;
        for (ByteBuf line = lines.poll(); line != null; line = lines.poll()) {
            if (closing.getAsBoolean()) {
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
    public void discard() {
        for (ByteBuf line = lines.poll(); line != null; line = lines.poll()) {
            line.release();
        }
    }
}
