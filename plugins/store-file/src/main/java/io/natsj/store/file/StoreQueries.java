package io.natsj.store.file;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * The read side of a file store: a message by sequence, the subject questions ("next",
 * "last", "how many", "which subjects") and the stream's state. Subject questions are answered
 * from the {@link SubjectIndex} and the blocks' in-memory slots: a literal subject only walks
 * the range between its first and last message, a wildcard is matched once per subject into a
 * table by subject id, and the disk is read only for the message returned. A record found
 * damaged on the way is passed over by "next" and "last" (it is logged and reported by the
 * store); {@link #load} throws {@code CORRUPT} for it.
 *
 * <p>Each entry point takes the store's read lock, so a change is seen whole or not at all.
 */
final class StoreQueries {

    private final FileStreamStore store;
    private final SubjectIndex subjects;

    StoreQueries(FileStreamStore store, SubjectIndex subjects) {
        this.store = store;
        this.subjects = subjects;
    }

    /**
     * The part of a store a filter can match: sequences {@code [from, to]} and, by subject id,
     * which subjects match ({@code null} for all).
     */
    record Scope(long from, long to, boolean[] match) {
    }

    /** @return the scope of {@code filter} within {@code [from, to]}, or null when no subject held matches */
    static Scope scope(SubjectIndex subjects, String filter, long from, long to) {
        if (SubjectMatch.matchesAll(filter)) {
            return new Scope(from, to, null);
        }
        if (SubjectMatch.hasWildcard(filter)) {
            return new Scope(from, to, subjects.matchingIds(filter));
        }
        SubjectIndex.Entry entry = subjects.get(filter);
        return entry == null ? null : new Scope(Math.max(from, entry.first), Math.min(to, entry.last), only(entry.id));
    }

    /** @see io.natsj.spi.store.StreamStore#load */
    StoredMessage load(long sequence) {
        store.lock.readLock().lock();
        try {
            BlockFile block = store.blocks.find(sequence);
            if (block == null || block.offset(sequence) < 0) {
                if (store.reader.knownDamaged(sequence)) {
                    throw store.reader.corrupt(sequence);
                }
                return null;
            }
            return store.reader.read(block, sequence);
        } finally {
            store.lock.readLock().unlock();
        }
    }

    /** @see io.natsj.spi.store.StreamStore#loadNext */
    StoredMessage loadNext(String filter, long fromSequence) {
        store.lock.readLock().lock();
        try {
            Scope scope = scope(subjects, filter, Math.max(fromSequence, store.firstSequence), store.lastSequence);
            if (scope == null) {
                return null;
            }
            return firstReadable(store.blocks.nextLive(scope.from(), scope.to(), scope.match()),
                s -> store.blocks.nextLive(s + 1, scope.to(), scope.match()));
        } finally {
            store.lock.readLock().unlock();
        }
    }

    /** @see io.natsj.spi.store.StreamStore#loadLast */
    StoredMessage loadLast(String filter) {
        store.lock.readLock().lock();
        try {
            Scope scope = scope(subjects, filter, store.firstSequence, store.lastSequence);
            if (scope == null) {
                return null;
            }
            return firstReadable(store.blocks.previousLive(scope.to(), scope.from(), scope.match()),
                s -> store.blocks.previousLive(s - 1, scope.from(), scope.match()));
        } finally {
            store.lock.readLock().unlock();
        }
    }

    /** @return the first message read without damage from {@code sequence} on, stepping with {@code next} */
    private StoredMessage firstReadable(long sequence, LongUnaryOperator next) {
        for (long s = sequence; s >= 0; s = next.applyAsLong(s)) {
            try {
                return store.reader.read(store.blocks.find(s), s);
            } catch (StoreException e) {
                if (e.reason() != StoreException.Reason.CORRUPT) {
                    throw e;
                }
            }
        }
        return null;
    }

    static boolean[] only(int id) {
        boolean[] match = new boolean[id + 1];
        match[id] = true;
        return match;
    }

    /** @see io.natsj.spi.store.StreamStore#countMatching */
    long countMatching(String filter, long fromSequence) {
        store.lock.readLock().lock();
        try {
            return count(filter, fromSequence);
        } finally {
            store.lock.readLock().unlock();
        }
    }

    private long count(String filter, long fromSequence) {
        long from = Math.max(fromSequence, store.firstSequence);
        if (from > store.lastSequence || store.messages == 0) {
            return 0;
        }
        if (SubjectMatch.matchesAll(filter)) {
            return from == store.firstSequence ? store.messages : store.blocks.countLive(from, store.lastSequence, null);
        }
        if (!SubjectMatch.hasWildcard(filter)) {
            SubjectIndex.Entry entry = subjects.get(filter);
            if (entry == null) {
                return 0;
            }
            return from <= entry.first ? entry.count : store.blocks.countLive(from, entry.last, only(entry.id));
        }
        if (from == store.firstSequence) {
            long[] sum = {0};
            subjects.forEachMatching(filter, entry -> sum[0] += entry.count);
            return sum[0];
        }
        return store.blocks.countLive(from, store.lastSequence, subjects.matchingIds(filter));
    }

    /** @see io.natsj.spi.store.StreamStore#subjectCounts */
    Map<String, Long> subjectCounts(String filter) {
        store.lock.readLock().lock();
        try {
            Map<String, Long> counts = new TreeMap<>();
            subjects.forEachMatching(filter, entry -> counts.put(entry.subject, entry.count));
            return counts;
        } finally {
            store.lock.readLock().unlock();
        }
    }

    /** @see io.natsj.spi.store.StreamStore#state */
    StreamState state() {
        store.lock.readLock().lock();
        try {
            long first = store.messages == 0 ? store.lastSequence + 1 : store.firstSequence;
            long firstTimestamp = 0;
            if (store.messages > 0) {
                byte[] record = store.reader.readRecord(store.blocks.find(first), store.blocks.find(first).offset(first));
                firstTimestamp = record.length >= RecordCodec.MIN_RECORD ? RecordCodec.timestamp(record) : 0;
            }
            List<Long> deleted = store.messages == 0 ? List.of() : store.blocks.gone(first, store.lastSequence);
            return new StreamState(store.messages, store.bytes, first, firstTimestamp, store.lastSequence,
                store.lastSequence == 0 ? 0 : store.lastTimestamp, subjects.size(), deleted, store.reader.damaged(),
                store.reader.damagedBytes());
        } finally {
            store.lock.readLock().unlock();
        }
    }
}
