package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes waiting to be written to one connection. Publishers on any event loop append
 * frames under this connection's own lock (never a lock shared between connections); the
 * buffer is handed to Netty whole when the publisher's read batch ends.
 *
 * <p>The pending size counts what is buffered here plus what Netty has not written to the
 * socket yet, so a subscriber that stops reading is caught as a slow consumer once it holds
 * {@code max_pending} bytes, however it is being fed.
 */
public final class Outbound {

    private static final int MIN_BUFFER = 4096;

    private final Channel channel;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushOnLoop;
    private final long maxPending;

    private ByteBuf pending; // guarded by lock
    private boolean closed; // guarded by lock
    /** Written by {@link FlushSet} to add each connection once per batch. */
    volatile long flushToken;

    Outbound(Channel channel, long maxPending) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.alloc = channel.alloc();
        this.maxPending = maxPending;
    }

    /** Takes the lock before appending frames. */
    void lock() {
        lock.lock();
    }

    /** Releases the lock taken by {@link #lock()}. */
    void unlock() {
        lock.unlock();
    }

    /**
     * Returns the buffer to append {@code size} bytes to (caller holds the lock), or null when
     * the connection is closed or the bytes would take it past {@code max_pending}.
     *
     * @param size bytes about to be written
     * @return the buffer, or null when the frame must be dropped
     */
    ByteBuf reserve(int size) {
        if (closed) {
            return null;
        }
        ByteBuf buf = pending;
        int buffered = buf == null ? 0 : buf.readableBytes();
        if (buffered + size + unwrittenBytes() > maxPending) {
            return null;
        }
        if (buf == null) {
            buf = alloc.directBuffer(Math.max(MIN_BUFFER, size));
            pending = buf;
        }
        return buf;
    }

    /**
     * @return true when a frame of this size could not be taken (caller holds the lock)
     * @param size the frame size
     */
    boolean wouldOverflow(int size) {
        int buffered = pending == null ? 0 : pending.readableBytes();
        return buffered + size + unwrittenBytes() > maxPending;
    }

    private long unwrittenBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
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
        } finally {
            lock.unlock();
        }
        if (buf != null) {
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    /**
     * Stops taking frames and releases what was not written. Called once the connection
     * closes; what was already handed to Netty is Netty's to release.
     */
    void close() {
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
