package io.natsj.store.memory;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One stream's messages in memory: a map by sequence and the sequences of each subject.
 * Changes take the write lock and reads the read lock, so a read sees a change whole; the
 * engine serializes changes per stream, so the write lock is only ever contended by readers.
 */
final class MemoryStreamStore implements StreamStore {

    /** nats-server's memory store counts 16 bytes of overhead per message. */
    private static final int MESSAGE_OVERHEAD = 16;
    /** Above this many subjects a wildcard read walks messages instead of subjects. */
    private static final int SUBJECT_WALK_LIMIT = 256;

    private final String stream;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    private final Map<String, SequenceList> bySubject = new HashMap<>();
    private long first = 1;
    private long last;
    private long lastTimestamp;
    private long bytes;

    MemoryStreamStore(String stream) {
        this.stream = stream;
    }

    private static long size(StoredMessage m) {
        return m.subject().getBytes(StandardCharsets.UTF_8).length + m.headers().length + m.payload().length
                + MESSAGE_OVERHEAD;
    }

    @Override
    public long append(String subject, byte[] headers, byte[] payload, long timestampNanos, DurableListener listener) {
        long seq;
        lock.writeLock().lock();
        try {
            seq = last + 1;
            StoredMessage m = new StoredMessage(seq, subject, headers == null ? new byte[0] : headers, payload,
                    timestampNanos);
            if (messages.isEmpty()) {
                first = seq;
            }
            messages.put(seq, m);
            bySubject.computeIfAbsent(subject, k -> new SequenceList()).add(seq);
            bytes += size(m);
            last = seq;
            lastTimestamp = timestampNanos;
        } finally {
            lock.writeLock().unlock();
        }
        // Nothing outlives the process: the message is as durable as it will ever be.
        listener.done(seq, null);
        return seq;
    }

    @Override
    public void skipTo(long nextSequence) {
        lock.writeLock().lock();
        try {
            if (nextSequence - 1 < last) {
                throw new IllegalArgumentException("stream '" + stream + "': cannot skip back to " + nextSequence);
            }
            last = nextSequence - 1;
            if (messages.isEmpty()) {
                first = nextSequence;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StoredMessage load(long sequence) {
        lock.readLock().lock();
        try {
            return messages.get(sequence);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StoredMessage loadNext(String filter, long fromSequence) {
        lock.readLock().lock();
        try {
            if (SubjectMatch.matchesAll(filter)) {
                Map.Entry<Long, StoredMessage> e = messages.ceilingEntry(fromSequence);
                return e == null ? null : e.getValue();
            }
            if (!SubjectMatch.hasWildcard(filter)) {
                SequenceList list = bySubject.get(filter);
                if (list == null) {
                    return null;
                }
                int i = list.ceilingIndex(fromSequence);
                return i < list.size() ? messages.get(list.get(i)) : null;
            }
            if (bySubject.size() <= SUBJECT_WALK_LIMIT) {
                long best = Long.MAX_VALUE;
                for (Map.Entry<String, SequenceList> e : bySubject.entrySet()) {
                    if (SubjectMatch.matches(filter, e.getKey())) {
                        int i = e.getValue().ceilingIndex(fromSequence);
                        if (i < e.getValue().size()) {
                            best = Math.min(best, e.getValue().get(i));
                        }
                    }
                }
                return best == Long.MAX_VALUE ? null : messages.get(best);
            }
            for (StoredMessage m : messages.tailMap(fromSequence, true).values()) {
                if (SubjectMatch.matches(filter, m.subject())) {
                    return m;
                }
            }
            return null;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StoredMessage loadLast(String filter) {
        lock.readLock().lock();
        try {
            if (SubjectMatch.matchesAll(filter)) {
                Map.Entry<Long, StoredMessage> e = messages.lastEntry();
                return e == null ? null : e.getValue();
            }
            long best = -1;
            if (!SubjectMatch.hasWildcard(filter)) {
                SequenceList list = bySubject.get(filter);
                best = list == null ? -1 : list.last();
            } else {
                for (Map.Entry<String, SequenceList> e : bySubject.entrySet()) {
                    if (SubjectMatch.matches(filter, e.getKey())) {
                        best = Math.max(best, e.getValue().last());
                    }
                }
            }
            return best < 0 ? null : messages.get(best);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long countMatching(String filter, long fromSequence) {
        lock.readLock().lock();
        try {
            if (SubjectMatch.matchesAll(filter)) {
                return fromSequence <= first ? messages.size() : messages.tailMap(fromSequence, true).size();
            }
            if (!SubjectMatch.hasWildcard(filter)) {
                SequenceList list = bySubject.get(filter);
                return list == null ? 0 : list.size() - list.ceilingIndex(fromSequence);
            }
            long n = 0;
            for (Map.Entry<String, SequenceList> e : bySubject.entrySet()) {
                if (SubjectMatch.matches(filter, e.getKey())) {
                    SequenceList list = e.getValue();
                    n += list.size() - list.ceilingIndex(fromSequence);
                }
            }
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<String, Long> subjectCounts(String filter) {
        lock.readLock().lock();
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Map.Entry<String, SequenceList> e : bySubject.entrySet()) {
                if (SubjectMatch.matchesFilter(filter, e.getKey())) {
                    counts.put(e.getKey(), (long) e.getValue().size());
                }
            }
            return counts;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean remove(long sequence, boolean erase) {
        lock.writeLock().lock();
        try {
            return removeLocked(sequence) != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private StoredMessage removeLocked(long sequence) {
        StoredMessage m = messages.remove(sequence);
        if (m == null) {
            return null;
        }
        SequenceList list = bySubject.get(m.subject());
        list.remove(sequence);
        if (list.size() == 0) {
            bySubject.remove(m.subject());
        }
        bytes -= size(m);
        if (sequence == first) {
            first = messages.isEmpty() ? last + 1 : messages.firstKey();
        }
        return m;
    }

    @Override
    public long purge(String filter, long beforeSequence, long keep) {
        lock.writeLock().lock();
        try {
            if (SubjectMatch.matchesAll(filter) && beforeSequence <= 0 && keep <= 0) {
                long n = messages.size();
                messages.clear();
                bySubject.clear();
                bytes = 0;
                first = last + 1;
                return n;
            }
            List<Long> matching = new ArrayList<>();
            if (SubjectMatch.matchesAll(filter)) {
                matching.addAll(messages.keySet());
            } else {
                for (Map.Entry<String, SequenceList> e : bySubject.entrySet()) {
                    if (SubjectMatch.matches(filter, e.getKey())) {
                        SequenceList list = e.getValue();
                        for (int i = 0; i < list.size(); i++) {
                            matching.add(list.get(i));
                        }
                    }
                }
                matching.sort(null);
            }
            int end = matching.size();
            if (keep > 0) {
                end = (int) Math.max(0, end - keep);
            }
            long n = 0;
            for (int i = 0; i < end; i++) {
                long seq = matching.get(i);
                if (beforeSequence > 0 && seq >= beforeSequence) {
                    break;
                }
                if (removeLocked(seq) != null) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long compact(long sequence) {
        lock.writeLock().lock();
        try {
            long n = 0;
            Iterator<Long> it = new ArrayList<>(messages.headMap(sequence, false).keySet()).iterator();
            while (it.hasNext()) {
                if (removeLocked(it.next()) != null) {
                    n++;
                }
            }
            if (sequence > last) {
                last = sequence - 1;
            }
            if (messages.isEmpty()) {
                first = sequence;
            }
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public StreamState state() {
        lock.readLock().lock();
        try {
            long firstTs = messages.isEmpty() ? 0 : messages.firstEntry().getValue().timestampNanos();
            List<Long> deleted = new ArrayList<>();
            // Without gaps (the usual case) there is nothing to walk.
            if (!messages.isEmpty() && last - first + 1 != messages.size()) {
                long expect = first;
                for (long seq : messages.keySet()) {
                    for (long d = expect; d < seq; d++) {
                        deleted.add(d);
                    }
                    expect = seq + 1;
                }
            }
            return new StreamState(messages.size(), bytes, first, firstTs, last, lastTimestamp, bySubject.size(),
                    deleted, List.of(), 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void snapshot(OutputStream out) throws IOException {
        MemorySnapshot.write(this, out);
    }

    /**
     * @param fromSequence the first sequence to copy
     * @param toSequence the last sequence to copy
     * @param max at most this many
     * @return the messages held in the range, in order, copied under the read lock so that a
     *         snapshot writes them without holding off publishers
     */
    List<StoredMessage> batch(long fromSequence, long toSequence, int max) {
        lock.readLock().lock();
        try {
            List<StoredMessage> out = new ArrayList<>(Math.min(max, messages.size()));
            for (StoredMessage m : messages.subMap(fromSequence, true, toSequence, true).values()) {
                if (out.size() == max) {
                    break;
                }
                out.add(m);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A restore puts back the time of a last message that was removed before the snapshot. */
    void lastTimestamp(long timestampNanos) {
        lock.writeLock().lock();
        try {
            lastTimestamp = timestampNanos;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        // Memory is released with the object; a closed stream is not read again.
    }

    @Override
    public void delete() {
        lock.writeLock().lock();
        try {
            messages.clear();
            bySubject.clear();
            bytes = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "MemoryStreamStore[" + stream + "]";
    }
}
