package io.natsj.jetstream;

import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.spi.store.StreamStoreRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A "file" store for engine tests: messages live in a map per directory that outlives a
 * service (so a restart finds them), and durability listeners are held until the test
 * releases them, as a store waiting for fsync would.
 */
public final class HeldStoreProvider implements StreamStoreProvider {

    static final Map<Path, ConcurrentSkipListMap<Long, StoredMessage>> DISKS = new ConcurrentHashMap<>();
    static final List<Runnable> HELD = new ArrayList<>();
    static volatile boolean hold;

    /** @return how many listeners wait */
    static int heldCount() {
        synchronized (HELD) {
            return HELD.size();
        }
    }

    /** Releases every held listener, in order. */
    static void release() {
        List<Runnable> run;
        synchronized (HELD) {
            run = new ArrayList<>(HELD);
            HELD.clear();
        }
        run.forEach(Runnable::run);
    }

    @Override
    public String name() {
        return "held";
    }

    @Override
    public String configKey() {
        return "jetstream";
    }

    @Override
    public String storageType() {
        return "file";
    }

    @Override
    public StreamStore open(StreamStoreRequest request) {
        return new Held(DISKS.computeIfAbsent(request.directory(), d -> new ConcurrentSkipListMap<>()),
                request.directory());
    }

    @Override
    public StreamStore restore(StreamStoreRequest request, InputStream snapshot) {
        throw new UnsupportedOperationException();
    }

    private static final class Held implements StreamStore {
        private final ConcurrentSkipListMap<Long, StoredMessage> msgs;
        private final Path dir;
        private long last;

        Held(ConcurrentSkipListMap<Long, StoredMessage> msgs, Path dir) {
            this.msgs = msgs;
            this.dir = dir;
            this.last = msgs.isEmpty() ? 0 : msgs.lastKey();
        }

        @Override
        public long append(String subject, byte[] headers, byte[] payload, long ts, DurableListener listener) {
            long seq = ++last;
            msgs.put(seq, new StoredMessage(seq, subject, headers, payload, ts));
            if (hold) {
                synchronized (HELD) {
                    HELD.add(() -> listener.done(seq, null));
                }
            } else {
                listener.done(seq, null);
            }
            return seq;
        }

        @Override
        public void skipTo(long next) {
            last = next - 1;
        }

        @Override
        public StoredMessage load(long seq) {
            return msgs.get(seq);
        }

        @Override
        public StoredMessage loadNext(String filter, long from) {
            for (StoredMessage m : msgs.tailMap(from, true).values()) {
                if (SubjectFilter.matches(m.subject(), filter)) {
                    return m;
                }
            }
            return null;
        }

        @Override
        public StoredMessage loadLast(String filter) {
            for (StoredMessage m : msgs.descendingMap().values()) {
                if (SubjectFilter.matches(m.subject(), filter)) {
                    return m;
                }
            }
            return null;
        }

        @Override
        public long countMatching(String filter, long from) {
            return msgs.tailMap(from, true).values().stream()
                    .filter(m -> SubjectFilter.matches(m.subject(), filter)).count();
        }

        @Override
        public Map<String, Long> subjectCounts(String filter) {
            Map<String, Long> c = new LinkedHashMap<>();
            msgs.values().stream().filter(m -> SubjectFilter.matches(m.subject(), filter))
                    .forEach(m -> c.merge(m.subject(), 1L, Long::sum));
            return c;
        }

        @Override
        public boolean remove(long seq, boolean erase) {
            return msgs.remove(seq) != null;
        }

        @Override
        public long purge(String filter, long before, long keep) {
            long n = msgs.size();
            msgs.clear();
            return n;
        }

        @Override
        public long compact(long seq) {
            long n = msgs.headMap(seq).size();
            msgs.headMap(seq).clear();
            return n;
        }

        @Override
        public StreamState state() {
            long bytes = msgs.values().stream().mapToLong(m -> MessageSize.of(false, m)).sum();
            return new StreamState(msgs.size(), bytes, msgs.isEmpty() ? last + 1 : msgs.firstKey(),
                    msgs.isEmpty() ? 0 : msgs.firstEntry().getValue().timestampNanos(), last,
                    msgs.isEmpty() ? 0 : msgs.lastEntry().getValue().timestampNanos(),
                    subjectCounts(null).size(), List.of(), List.of(), 0);
        }

        @Override
        public void snapshot(OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public void delete() {
            DISKS.remove(dir);
        }
    }
}
