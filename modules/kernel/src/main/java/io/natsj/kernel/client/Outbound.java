package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes waiting to be written to one connection. Publishers on any event loop append
 * frames under this connection's own lock (never a lock shared between connections); the
 * buffer is handed to Netty whole when the publisher's read batch ends.
 *
 * <p>A subscriber is a slow consumer when the socket has not taken {@code max_pending} bytes
 * handed to it: checked on the subscriber's own event loop after each flush. Bytes buffered
 * here are on their way (a flush is due at the end of the publisher's batch), so they count
 * only against a hard cap of twice {@code max_pending}, which bounds memory whatever the
 * publishers do.
 */
public final class Outbound {

    private static final int MIN_BUFFER = 4096;
    private static final int MAX_INITIAL_BUFFER = 256 * 1024;

    private final Channel channel;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushOnLoop;
    private final long maxPending;
    private final long writeDeadlineNanos;
    private final Runnable onWriteDeadline;
    private final Runnable onSlowConsumer;
    private final Ticker ticker;
    /** Bytes handed to Netty that the socket has not taken yet (read by publishers). */
    private final AtomicLong unwritten = new AtomicLong();

    private ByteBuf pending; // guarded by lock
    private int lastFlushSize; // guarded by lock
    private boolean closed; // guarded by lock
    /** Written by {@link FlushSet} to add each connection once per batch. */
    volatile long flushToken;
    // Writes the socket has not taken yet, for write_deadline; touched only on the event loop.
    private int unfinishedWrites;
    private long stalledSinceNanos;

    /**
     * @param channel the connection
     * @param maxPending bytes it may have waiting before it is a slow consumer
     * @param writeDeadlineNanos how long a write may wait for the socket before it is one
     * @param onWriteDeadline called on the event loop when a write outlives the deadline
     * @param onSlowConsumer called on the event loop when the socket holds back max_pending bytes
     */
    public Outbound(Channel channel, long maxPending, long writeDeadlineNanos, Runnable onWriteDeadline,
             Runnable onSlowConsumer) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.ticker = loop instanceof AbstractScheduledEventExecutor scheduled ? scheduled.ticker() : Ticker.systemTicker();
        this.alloc = channel.alloc();
        this.maxPending = maxPending;
        this.writeDeadlineNanos = writeDeadlineNanos;
        this.onWriteDeadline = onWriteDeadline;
        this.onSlowConsumer = onSlowConsumer;
    }

    /** Takes the lock before appending frames. */
    public void lock() {
        lock.lock();
    }

    /** Releases the lock taken by {@link #lock()}. */
    public void unlock() {
        lock.unlock();
    }

    /**
     * Returns the buffer to append {@code size} bytes to (caller holds the lock), or null when
     * the connection is closed or the bytes would take it past {@code max_pending}.
     *
     * @param size bytes about to be written
     * @return the buffer, or null when the frame must be dropped
     */
    public ByteBuf reserve(int size) {
        if (closed) {
            return null;
        }
        ByteBuf buf = pending;
        int buffered = buf == null ? 0 : buf.readableBytes();
        if (buffered + size + unwrittenBytes() > 2 * maxPending) {
            return null;
        }
        if (buf == null) {
            // Sized like the last flush, so a steady stream rarely grows (and copies) a buffer.
            buf = alloc.directBuffer(Math.max(Math.max(MIN_BUFFER, size), lastFlushSize));
            pending = buf;
        }
        return buf;
    }

    private long unwrittenBytes() {
        return unwritten.get();
    }

    /**
     * Writes what is buffered: at once on this connection's event loop, otherwise by one task
     * scheduled there (however many publishers ask).
     */
    public void flush() {
        if (loop.inEventLoop()) {
            flushOnLoop();
        } else if (flushScheduled.compareAndSet(false, true)) {
            loop.execute(flushTask);
        }
    }

    private void flushOnLoop() {
        flushScheduled.set(false);
        ByteBuf buf;
        lock.lock();
        try {
            buf = pending;
            pending = null;
            if (buf != null) {
                lastFlushSize = Math.min(buf.readableBytes(), MAX_INITIAL_BUFFER);
            }
        } finally {
            lock.unlock();
        }
        if (buf != null) {
            int size = buf.readableBytes();
            ChannelFuture write = channel.writeAndFlush(buf);
            if (!write.isDone()) {
                // Only a write the socket could not take at once costs a listener.
                unwritten.addAndGet(size);
                if (unfinishedWrites++ == 0) {
                    stalledSinceNanos = ticker.nanoTime();
                    loop.schedule(this::checkWriteDeadline, writeDeadlineNanos, TimeUnit.NANOSECONDS);
                }
                write.addListener(f -> writeDone(size));
            }
            if (unwrittenBytes() > maxPending) {
                onSlowConsumer.run();
            }
        }
    }

    private void writeDone(int size) {
        unwritten.addAndGet(-size);
        if (--unfinishedWrites > 0) {
            stalledSinceNanos = ticker.nanoTime(); // the socket made progress
        }
    }

    private void checkWriteDeadline() {
        if (unfinishedWrites == 0 || !channel.isOpen()) {
            return;
        }
        long waited = ticker.nanoTime() - stalledSinceNanos;
        if (waited >= writeDeadlineNanos) {
            onWriteDeadline.run();
        } else {
            loop.schedule(this::checkWriteDeadline, writeDeadlineNanos - waited, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Stops taking frames and releases what was not written. Called once the connection
     * closes; what was already handed to Netty is Netty's to release.
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (pending != null) {
                pending.release();
                pending = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return bytes buffered here and not yet written to the socket */
    public long pendingBytes() {
        lock.lock();
        try {
            return (pending == null ? 0 : pending.readableBytes()) + unwrittenBytes();
        } finally {
            lock.unlock();
        }
    }
}
