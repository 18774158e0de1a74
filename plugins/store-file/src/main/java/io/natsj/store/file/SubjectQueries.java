package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * The subject questions of a file store ("next", "last", "how many", "which subjects"),
 * answered from the {@link SubjectIndex} and the blocks' in-memory slots: a literal subject
 * only walks the range between its first and last message, a wildcard is matched once per
 * subject into a table by subject id, and the disk is read only for the message returned.
 * A record found damaged on the way is passed over (it is logged and reported by the store).
 *
 * <p>Every method runs under the store's read lock.
 */
final class SubjectQueries {

    private final FileStreamStore store;
    private final SubjectIndex subjects;

    SubjectQueries(FileStreamStore store, SubjectIndex subjects) {
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
        if (SubjectFilter.matchesAll(filter)) {
            return new Scope(from, to, null);
        }
        if (!SubjectFilter.isLiteral(filter)) {
            return new Scope(from, to, subjects.matchingIds(filter));
        }
        SubjectIndex.Entry entry = subjects.get(filter);
        return entry == null ? null : new Scope(Math.max(from, entry.first), Math.min(to, entry.last), only(entry.id));
    }

    StoredMessage loadNext(String filter, long fromSequence) {
        Scope scope = scope(subjects, filter, Math.max(fromSequence, store.firstSequence), store.lastSequence);
        if (scope == null) {
            return null;
        }
        return firstReadable(store.blocks.nextLive(scope.from(), scope.to(), scope.match()),
            s -> store.blocks.nextLive(s + 1, scope.to(), scope.match()));
    }

    StoredMessage loadLast(String filter) {
        Scope scope = scope(subjects, filter, store.firstSequence, store.lastSequence);
        if (scope == null) {
            return null;
        }
        return firstReadable(store.blocks.previousLive(scope.to(), scope.from(), scope.match()),
            s -> store.blocks.previousLive(s - 1, scope.from(), scope.match()));
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

    long countMatching(String filter, long fromSequence) {
        long from = Math.max(fromSequence, store.firstSequence);
        if (from > store.lastSequence || store.messages == 0) {
            return 0;
        }
        if (SubjectFilter.matchesAll(filter)) {
            return from == store.firstSequence ? store.messages : store.blocks.countLive(from, store.lastSequence, null);
        }
        if (SubjectFilter.isLiteral(filter)) {
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

    Map<String, Long> subjectCounts(String filter) {
        Map<String, Long> counts = new TreeMap<>();
        subjects.forEachMatching(filter, entry -> counts.put(entry.subject, entry.count));
        return counts;
    }
}
