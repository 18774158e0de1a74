package io.natsj.store.file;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;
import java.util.Map;
import java.util.TreeMap;

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

    StoredMessage loadNext(String filter, long fromSequence) {
        long from = Math.max(fromSequence, store.firstSequence);
        long to = store.lastSequence;
        boolean[] match = null;
        if (!SubjectFilter.matchesAll(filter)) {
            if (SubjectFilter.isLiteral(filter)) {
                SubjectIndex.Entry entry = subjects.get(filter);
                if (entry == null) {
                    return null;
                }
                from = Math.max(from, entry.first);
                to = entry.last;
                match = only(entry.id);
            } else {
                match = subjects.matchingIds(filter);
            }
        }
        for (long s = store.blocks.nextLive(from, to, match); s >= 0; s = store.blocks.nextLive(s + 1, to, match)) {
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

    StoredMessage loadLast(String filter) {
        long from = store.lastSequence;
        long downTo = store.firstSequence;
        boolean[] match = null;
        if (!SubjectFilter.matchesAll(filter)) {
            if (SubjectFilter.isLiteral(filter)) {
                SubjectIndex.Entry entry = subjects.get(filter);
                if (entry == null) {
                    return null;
                }
                from = entry.last;
                downTo = Math.max(downTo, entry.first);
                match = only(entry.id);
            } else {
                match = subjects.matchingIds(filter);
            }
        }
        for (long s = store.blocks.previousLive(from, downTo, match); s >= 0; s = store.blocks.previousLive(s - 1, downTo, match)) {
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
