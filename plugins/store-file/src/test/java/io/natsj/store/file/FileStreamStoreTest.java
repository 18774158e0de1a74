package io.natsj.store.file;

import static io.natsj.store.file.StoreFiles.open;
import static io.natsj.store.file.StoreFiles.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every StreamStore operation of the file store, on one open store. */
class FileStreamStoreTest {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    @Test
    void appendsLoadsAndAccountsAsNatsServer() {
        try (FileStreamStore store = open(dir)) {
            byte[] headers = "NATS/1.0\r\nA: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(1, store.append("orders.new", NONE, payload(1, 10), 111, null));
            assertEquals(2, store.append("orders.old", headers, payload(2, 20), 222, null));
            StoredMessage two = store.load(2);
            assertEquals("orders.old", two.subject());
            assertArrayEquals(headers, two.headers());
            assertArrayEquals(payload(2, 20), two.payload());
            assertEquals(222, two.timestampNanos());
            assertArrayEquals(NONE, store.load(1).headers());
            assertNull(store.load(3));
            StreamState state = store.state();
            long expected = (22 + 10 + 10 + 8) + (22 + 10 + 20 + 8 + 4 + headers.length);
            assertEquals(new StreamState(2, expected, 1, 111, 2, 222, 2, List.of(), List.of(), 0), state);
        }
    }

    @Test
    void listenersAreToldInSequenceOrderAfterTheSync() throws Exception {
        try (FileStreamStore store = open(dir)) {
            StoreFiles.Acks acks = new StoreFiles.Acks();
            for (int i = 1; i <= 2000; i++) {
                store.append("s", NONE, payload(i, 128), i, acks);
            }
            StoreFiles.await(Duration.ofSeconds(30), () -> acks.sequences.size() == 2000, "2000 acks");
            for (int i = 0; i < 2000; i++) {
                assertEquals(i + 1, acks.sequences.get(i));
            }
            assertTrue(acks.errors.isEmpty());
            long[] stats = store.syncStatistics();
            assertTrue(stats[0] >= 1 && stats[0] <= 2000, "forces " + stats[0]);
        }
    }

    @Test
    void aSyncIntervalTellsListenersOnWrite() {
        try (FileStreamStore store = FileStreamStore.open(dir, "t", Duration.ofMinutes(1), 1 << 20)) {
            AtomicReference<Long> told = new AtomicReference<>();
            store.append("s", NONE, payload(1, 5), 1, (sequence, error) -> told.set(sequence));
            assertEquals(1L, told.get());
        }
    }

    @Test
    void wildcardsMatchSubjectsForNextLastCountsAndCounts() {
        try (FileStreamStore store = open(dir)) {
            String[] subjects = {"a.b", "a.c", "b.c", "a.b.c", "a.b", "b.c"};
            for (String s : subjects) {
                store.append(s, NONE, payload(1, 3), 1, null);
            }
            assertEquals(2, store.loadNext("a.*", 2).sequence());
            assertEquals(4, store.loadNext("a.>", 3).sequence());
            assertEquals(5, store.loadNext("a.b", 2).sequence());
            assertNull(store.loadNext("a.b", 6));
            assertNull(store.loadNext("x.>", 1));
            assertEquals(6, store.loadLast("*.c").sequence());
            assertEquals(5, store.loadLast("a.b").sequence());
            assertEquals(6, store.loadLast(">").sequence());
            assertEquals(6, store.loadLast(null).sequence());
            assertEquals(4, store.countMatching("a.>", 1));
            assertEquals(2, store.countMatching("a.>", 4));
            assertEquals(1, store.countMatching("a.b", 3));
            assertEquals(3, store.countMatching("*.c", 1));
            assertEquals(6, store.countMatching(null, 0));
            assertEquals(Map.of("a.c", 1L, "b.c", 2L), store.subjectCounts("*.c"));
            assertEquals(Map.of("a.b", 2L, "a.c", 1L, "a.b.c", 1L), store.subjectCounts("a.>"));
            assertEquals(4, store.subjectCounts(">").size());
            assertEquals(4, store.state().subjects());
        }
    }

    @Test
    void purgeByFilterKeepAndBound() {
        try (FileStreamStore store = open(dir)) {
            for (int i = 1; i <= 10; i++) {
                store.append(i % 2 == 0 ? "even" : "odd", NONE, payload(i, 4), i, null);
            }
            assertEquals(2, store.purge("even", 6, 0)); // 2 and 4
            assertEquals(8, store.state().messages());
            assertEquals(2, store.purge("odd", 0, 3)); // keeps 5, 7, 9
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), sequences(store));
            assertEquals(2, store.purge("*", 0, 4)); // keeps 7..10
            assertEquals(7, store.state().firstSequence());
            assertEquals(Map.of("odd", 2L, "even", 2L), store.subjectCounts(null));
            assertEquals(4, store.purge(null, 0, 0));
            StreamState empty = store.state();
            assertEquals(0, empty.messages());
            assertEquals(0, empty.bytes());
            assertEquals(11, empty.firstSequence());
            assertEquals(10, empty.lastSequence());
            assertEquals(0, empty.subjects());
            assertEquals(11, store.append("after", NONE, payload(11, 4), 11, null));
        }
    }

    @Test
    void compactRemovesBelowAndBeyondTheEndMovesTheStart() {
        try (FileStreamStore store = open(dir)) {
            for (int i = 1; i <= 10; i++) {
                store.append("s", NONE, payload(i, 4), i, null);
            }
            assertEquals(4, store.compact(5));
            assertEquals(5, store.state().firstSequence());
            assertEquals(0, store.compact(3));
            assertEquals(6, store.compact(20));
            StreamState state = store.state();
            assertEquals(0, state.messages());
            assertEquals(20, state.firstSequence());
            assertEquals(19, state.lastSequence());
            assertEquals(20, store.append("s", NONE, payload(20, 4), 20, null));
        }
    }

    @Test
    void skipToLeavesDeletedSequencesInsideAndMovesAnEmptyStore() {
        try (FileStreamStore store = open(dir)) {
            store.skipTo(100);
            assertEquals(100, store.state().firstSequence());
            assertEquals(99, store.state().lastSequence());
            assertEquals(100, store.append("s", NONE, payload(100, 4), 1, null));
            store.skipTo(103);
            assertEquals(103, store.append("s", NONE, payload(103, 4), 1, null));
            store.skipTo(50_000);
            assertEquals(50_000, store.append("s", NONE, payload(50_000, 4), 1, null));
            StreamState state = store.state();
            assertEquals(3, state.messages());
            assertEquals(List.of(101L, 102L), state.deleted().subList(0, 2));
            assertEquals((50_000 - 100 + 1) - 3, state.deleted().size());
        }
    }

    @Test
    void removeMarksGoneAndReportsDeleted() {
        try (FileStreamStore store = open(dir)) {
            for (int i = 1; i <= 5; i++) {
                store.append("s." + i, NONE, payload(i, 4), i, null);
            }
            assertTrue(store.remove(3, false));
            assertFalse(store.remove(3, false));
            assertFalse(store.remove(9, false));
            assertTrue(store.remove(1, true));
            assertNull(store.load(3));
            StreamState state = store.state();
            assertEquals(3, state.messages());
            assertEquals(2, state.firstSequence());
            assertEquals(List.of(3L), state.deleted());
            assertEquals(3, state.subjects());
            assertEquals(4, store.loadNext("s.*", 3).sequence());
        }
    }

    @Test
    void readersSeeWholeChangesWhileAWriterRuns() throws Exception {
        try (FileStreamStore store = open(dir, 64 * 1024)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (store.state().lastSequence() < 5000) {
                        StreamState state = store.state();
                        if (state.messages() > 0) {
                            StoredMessage last = store.loadLast(null);
                            assertArrayEquals(payload(last.sequence(), 50), last.payload());
                            long counted = store.countMatching("x.>", 1);
                            assertTrue(counted <= store.state().lastSequence());
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            for (int i = 1; i <= 5000; i++) {
                store.append("x." + (i % 7), NONE, payload(i, 50), i, null);
                if (i % 3 == 0) {
                    store.remove(i - 1, false);
                }
            }
            reader.join();
            assertNull(failure.get());
        }
    }

    static List<Long> sequences(FileStreamStore store) {
        java.util.ArrayList<Long> all = new java.util.ArrayList<>();
        for (StoredMessage m = store.loadNext(null, 0); m != null; m = store.loadNext(null, m.sequence() + 1)) {
            all.add(m.sequence());
        }
        return all;
    }
}
