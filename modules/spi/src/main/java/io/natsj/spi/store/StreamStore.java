package io.natsj.spi.store;

import java.util.Map;

/**
 * The messages of one stream, in sequence order. A store keeps messages and answers
 * questions about them; it knows nothing of stream limits, headers or consumers: the
 * JetStream engine above decides what to append and what to remove, and calls these
 * primitives.
 *
 * <p><b>Threads.</b> Calls that change the store ({@code append}, {@code skipTo},
 * {@code remove}, {@code purge}, {@code compact}, {@code close}, {@code delete}) come from one
 * thread at a time: the engine serializes them per stream. Reads ({@code load*},
 * {@code state}, {@code subjectCounts}, {@code countMatching}) may come from any thread at any
 * time, also while a change runs, and must see each change whole or not at all.
 *
 * <p><b>Durability.</b> {@link #append} returns once the message is readable; its
 * {@link DurableListener} is told once the message is as durable as the
 * {@link StreamStoreRequest#syncInterval() sync policy} promises. With a zero interval that
 * means on stable storage (fsync), and one sync may cover every message appended meanwhile
 * (group commit). Listeners are called in sequence order, so acknowledgements leave in the
 * order messages arrived. A store that keeps nothing beyond the process (memory) calls the
 * listener at once.
 *
 * <p><b>Subjects and filters.</b> A filter is a NATS subject that may hold {@code *} and
 * {@code >} wildcards; {@code null} or {@code ">"} matches every subject.
 *
 * <p><b>Errors.</b> Failures are {@link StoreException}s with a {@link StoreException.Reason}:
 * a full disk is {@code INSUFFICIENT_RESOURCES}, a damaged record is {@code CORRUPT}. A store
 * must never return damaged data as a message.
 */
public interface StreamStore extends AutoCloseable {

    /**
     * Appends a message as sequence {@code state().lastSequence() + 1}.
     *
     * @param subject the literal subject
     * @param headers the header block, empty when none
     * @param payload the payload
     * @param timestampNanos the time to record, nanoseconds since the epoch
     * @param listener told when the message is durable, or why it could not be made so
     * @return the sequence given to the message
     * @throws StoreException when the message cannot be written (nothing is then stored and
     *         the listener is not called)
     */
    long append(String subject, byte[] headers, byte[] payload, long timestampNanos, DurableListener listener);

    /**
     * Tells the store that the thread that appends has nothing more queued for now. A store
     * that makes appends durable on a thread of its own may instead do it on the calling
     * thread here, when few listeners wait: a publisher waiting for each acknowledgement then
     * costs no hand-off to that thread and back. Listeners are still told only once their
     * messages are durable. The default does nothing.
     */
    default void appendsIdle() {
    }

    /**
     * Moves the next sequence forward without storing messages, as a mirror does to keep its
     * origin's sequence numbers: afterwards {@code state().lastSequence()} is
     * {@code nextSequence - 1}, and an empty store has {@code firstSequence} {@code nextSequence}.
     * Sequences skipped inside a non-empty store count as deleted.
     *
     * @param nextSequence the sequence the next append gets; not below the current one
     */
    void skipTo(long nextSequence);

    /**
     * @param sequence a stream sequence
     * @return the message, or null when it was removed or never stored
     * @throws StoreException {@code CORRUPT} when the record is damaged
     */
    StoredMessage load(long sequence);

    /**
     * @param filter a subject filter
     * @param fromSequence the first sequence to consider
     * @return the first message at or after {@code fromSequence} whose subject matches, or null
     */
    StoredMessage loadNext(String filter, long fromSequence);

    /**
     * @param filter a subject filter
     * @return the message with the highest sequence whose subject matches, or null
     */
    StoredMessage loadLast(String filter);

    /**
     * @param filter a subject filter
     * @param fromSequence the first sequence to count
     * @return how many messages at or after {@code fromSequence} match
     */
    long countMatching(String filter, long fromSequence);

    /**
     * @param filter a subject filter
     * @return each subject held that matches, with its number of messages
     */
    Map<String, Long> subjectCounts(String filter);

    /**
     * Removes one message.
     *
     * @param sequence the message's sequence
     * @param erase true to overwrite its bytes in storage (secure delete) rather than only mark it gone
     * @return true when a message was removed; false when there was none
     */
    boolean remove(long sequence, boolean erase);

    /**
     * Removes messages. With no filter, no bound and no keep it empties the store
     * (the last sequence is kept).
     *
     * @param filter only messages whose subject matches; null for every subject
     * @param beforeSequence only messages with a lower sequence; 0 for no bound
     * @param keep keep this many of the newest matching messages (per the whole filter, as
     *        nats-server's purge with {@code keep}); 0 to keep none
     * @return how many messages were removed
     */
    long purge(String filter, long beforeSequence, long keep);

    /**
     * Removes every message below a sequence; an empty store then starts at it.
     *
     * @param sequence the new first sequence
     * @return how many messages were removed
     */
    long compact(long sequence);

    /** @return what the store holds now */
    StreamState state();

    /**
     * Writes every message held to a stream of bytes that {@link StreamStoreProvider#restore}
     * of the same provider reads back, with the sequences (and gaps) and the last sequence.
     * The stream keeps taking messages meanwhile, and {@code out} may block for long (the engine
     * sends the snapshot at the pace its receiver acknowledges): a store must not hold a lock
     * that stops appends while it writes. The bytes must end with a marker, so that a restore
     * tells a whole snapshot from a cut one.
     *
     * @param out where to write; not closed
     * @throws java.io.IOException when writing fails
     */
    void snapshot(java.io.OutputStream out) throws java.io.IOException;

    /** Makes everything durable, then releases files and memory. */
    @Override
    void close();

    /** Closes the store and removes everything it kept (the stream is being deleted). */
    void delete();

    /**
     * Calls {@code visitor} with every message from {@code fromSequence} on that has headers,
     * in sequence order (a restart rebuilds the duplicate window from their {@code Nats-Msg-Id}).
     * Damaged messages are skipped as by {@link #loadNext}. The default loads every message; a
     * store that can tell which messages have headers without reading them does less.
     *
     * @param fromSequence the first sequence to look at
     * @param visitor told of each message with headers
     */
    default void forEachWithHeaders(long fromSequence, HeaderVisitor visitor) {
        StoredMessage m = loadNext(null, fromSequence);
        while (m != null) {
            if (m.headers().length > 0) {
                visitor.visit(m.sequence(), m.timestampNanos(), m.headers());
            }
            m = loadNext(null, m.sequence() + 1);
        }
    }

    /** Told of one message by {@link #forEachWithHeaders}. */
    @FunctionalInterface
    interface HeaderVisitor {

        /**
         * @param sequence the message's sequence
         * @param timestampNanos when it was stored, nanoseconds since the epoch
         * @param headers its header block
         */
        void visit(long sequence, long timestampNanos, byte[] headers);
    }

    /**
     * Told when an appended message is durable (in sequence order), or why it cannot be made
     * durable. Called on a thread of the store's choosing: keep it short.
     */
    @FunctionalInterface
    interface DurableListener {

        /**
         * @param sequence the message's sequence
         * @param error null when durable; otherwise why the message may not survive a crash
         */
        void done(long sequence, StoreException error);
    }
}
