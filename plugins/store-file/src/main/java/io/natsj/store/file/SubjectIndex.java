package io.natsj.store.file;

import io.natsj.spi.subject.SubjectMatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every subject a stream holds, with its number of messages and bounds on its first and last
 * sequence, so that a literal subject's count, last or next message never needs a scan of the
 * whole store. Each subject has a small int id; blocks keep that id per message instead of the
 * subject. Wildcard filters are matched against this index, once per subject, not per message.
 *
 * <p>Changed only under the store's write lock; read under its read lock.
 */
final class SubjectIndex {

    /** One subject held. {@code first} and {@code last} bound its messages (exact after appends, loose after removals). */
    static final class Entry {
        final String subject;
        final int id;
        long count;
        long first;
        long last;

        Entry(String subject, int id) {
            this.subject = subject;
            this.id = id;
        }
    }

    private final Map<String, Entry> bySubject = new HashMap<>();
    private Entry[] byId = new Entry[16];
    private int nextId;
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    /** The subject of the last append and its UTF-8 bytes: a stream is often written on one subject in a row. */
    private Entry lastEntry;
    private byte[] lastBytes;

    /**
     * The entry an append goes to, with the subject's bytes for its record: the last append's
     * without a hash lookup or an encoding when the subject is the same.
     *
     * @return the entry of {@code subject}, created with no messages when absent
     */
    Entry appendEntry(String subject) {
        Entry last = lastEntry;
        if (last != null && last.subject.equals(subject)) {
            return last;
        }
        Entry entry = entryFor(subject);
        lastEntry = entry;
        lastBytes = subject.getBytes(StandardCharsets.UTF_8);
        return entry;
    }

    /** @return the UTF-8 bytes of the subject {@link #appendEntry} returned last */
    byte[] appendSubjectBytes() {
        return lastBytes;
    }

    /** @return the entry of {@code subject}, created with no messages when absent */
    Entry entryFor(String subject) {
        Entry entry = bySubject.get(subject);
        if (entry == null) {
            int id = freeIds.isEmpty() ? nextId++ : freeIds.poll();
            if (id >= byId.length) {
                byId = Arrays.copyOf(byId, byId.length * 2);
            }
            entry = new Entry(subject, id);
            bySubject.put(subject, entry);
            byId[id] = entry;
        }
        return entry;
    }

    /** Registers a subject under a known id (an index read back from disk). */
    void register(String subject, int id) {
        while (id >= byId.length) {
            byId = Arrays.copyOf(byId, byId.length * 2);
        }
        Entry entry = new Entry(subject, id);
        bySubject.put(subject, entry);
        byId[id] = entry;
        nextId = Math.max(nextId, id + 1);
    }

    /** Forgets subjects registered but holding no message, freeing their ids. */
    void dropEmpty() {
        for (int id = 0; id < nextId; id++) {
            Entry entry = byId[id];
            if (entry != null && entry.count == 0) {
                forget(entry);
            }
        }
    }

    /** Forgets {@code entry} when it holds no message (an append that failed after creating it). */
    void dropIfEmpty(Entry entry) {
        if (entry.count == 0 && byId[entry.id] == entry) {
            forget(entry);
        }
    }

    /** Counts a message of {@code id} at {@code sequence}. */
    void added(int id, long sequence) {
        Entry entry = byId[id];
        if (entry.count == 0) {
            entry.first = sequence;
        }
        entry.first = Math.min(entry.first, sequence);
        entry.last = Math.max(entry.last, sequence);
        entry.count++;
    }

    /** Uncounts a message of {@code id} at {@code sequence}. */
    void removed(int id, long sequence) {
        Entry entry = byId[id];
        entry.count--;
        if (entry.count == 0) {
            forget(entry);
        } else if (sequence == entry.first) {
            entry.first = sequence + 1;
        } else if (sequence == entry.last) {
            entry.last = sequence - 1;
        }
    }

    private void forget(Entry entry) {
        if (entry == lastEntry) {
            lastEntry = null;
            lastBytes = null;
        }
        bySubject.remove(entry.subject);
        byId[entry.id] = null;
        freeIds.add(entry.id);
    }

    /** @return the entry of a literal subject, or null */
    Entry get(String subject) {
        return bySubject.get(subject);
    }

    /** @return the entry with {@code id}, or null */
    Entry byId(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /** @return the number of distinct subjects held */
    int size() {
        return bySubject.size();
    }

    /** @return the ids in use are all below this */
    int idLimit() {
        return nextId;
    }

    /** Calls {@code action} for each subject matching {@code filter}. */
    void forEachMatching(String filter, Consumer<Entry> action) {
        if (SubjectMatch.matchesAll(filter)) {
            bySubject.values().forEach(action);
        } else if (!SubjectMatch.hasWildcard(filter)) {
            Entry entry = bySubject.get(filter);
            if (entry != null) {
                action.accept(entry);
            }
        } else {
            for (Entry entry : bySubject.values()) {
                if (SubjectMatch.matches(filter, entry.subject)) {
                    action.accept(entry);
                }
            }
        }
    }

    /** @return for each id, whether its subject matches {@code filter} (ids in use only) */
    boolean[] matchingIds(String filter) {
        boolean[] matching = new boolean[nextId];
        forEachMatching(filter, entry -> matching[entry.id] = true);
        return matching;
    }

    /** @return every subject with its id (for the index file) */
    Map<String, Integer> ids() {
        Map<String, Integer> ids = new HashMap<>();
        bySubject.forEach((subject, entry) -> ids.put(subject, entry.id));
        return ids;
    }

    /** Forgets every subject. */
    void clear() {
        bySubject.clear();
        lastEntry = null;
        lastBytes = null;
        Arrays.fill(byId, null);
        nextId = 0;
        freeIds.clear();
    }
}
