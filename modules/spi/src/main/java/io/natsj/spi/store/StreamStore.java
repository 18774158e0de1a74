package io.natsj.spi.store;

import java.util.Optional;

/**
 * The messages of one stream. Appends are acknowledged only once durable as the request asked.
 */
public interface StreamStore extends AutoCloseable {

    /**
     * @param message the message; its sequence must be {@link #lastSequence()} + 1
     */
    void append(StoredMessage message);

    /**
     * @param sequence a stream sequence
     * @return the message, or empty when it was removed or never stored
     */
    Optional<StoredMessage> load(long sequence);

    /**
     * @param sequence a stream sequence
     * @return true when a message was removed
     */
    boolean remove(long sequence);

    /** @return the first sequence still held, or last + 1 when empty */
    long firstSequence();

    /** @return the last sequence ever stored, 0 when none */
    long lastSequence();

    /** @return messages held */
    long messageCount();

    /** @return bytes held */
    long byteCount();

    /** Flushes and releases files. */
    @Override
    void close();
}
