package io.natsj.bench.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages and payload bytes received by one subscription, with the time of the last one so a
 * run's end is when its last message arrived, not when somebody polled.
 */
public final class MessageCounter {

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastArrivalNanos;

    /** Records {@code count} messages carrying {@code payloadBytes} bytes in total. */
    public void add(long count, long payloadBytes) {
        if (count == 0) {
            return;
        }
        bytes.addAndGet(payloadBytes);
        lastArrivalNanos = System.nanoTime();
        // Written last: a reader that sees the count also sees the arrival time.
        messages.addAndGet(count);
    }

    /** Messages received so far. */
    public long messages() {
        return messages.get();
    }

    /** Payload bytes received so far. */
    public long bytes() {
        return bytes.get();
    }

    /** {@link System#nanoTime()} of the latest arrival, 0 if none. */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }
}
