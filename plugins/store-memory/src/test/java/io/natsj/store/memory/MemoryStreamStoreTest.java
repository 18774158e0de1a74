package io.natsj.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.store.StreamState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryStreamStoreTest {

    private final MemoryStreamStore store = new MemoryStreamStore("S");
    private final List<Long> durable = new ArrayList<>();

    private long add(String subject, String payload) {
        return store.append(subject, new byte[0], payload.getBytes(), System.nanoTime(), (s, e) -> durable.add(s));
    }

    @Test
    void appendsAreDurableAtOnceInOrder() {
        add("a", "1");
        add("b", "2");
        assertEquals(List.of(1L, 2L), durable);
    }

    @Test
    void bytesAreCountedAsNatsServerMemoryStoreCountsThem() {
        store.append("a.b", "NATS/1.0\r\n\r\n".getBytes(), "hello".getBytes(), 1, (s, e) -> { });
        StreamState st = store.state();
        assertEquals(3 + 12 + 5 + 16, st.bytes());
        assertEquals(1, st.subjects());
    }

    @Test
    void loadsByFilterAndCounts() {
        add("a.x", "1");
        add("b.x", "2");
        add("a.y", "3");
        add("a.x", "4");
        assertEquals(3, store.loadNext("a.*", 2).sequence());
        assertEquals(4, store.loadNext("a.x", 2).sequence());
        assertNull(store.loadNext("c.>", 1));
        assertEquals(4, store.loadLast("a.>").sequence());
        assertEquals(2, store.loadLast("b.x").sequence());
        assertEquals(3, store.countMatching("a.>", 1));
        assertEquals(2, store.countMatching("a.x", 1));
        assertEquals(2, store.countMatching(null, 3));
        assertEquals(Map.of("a.x", 2L, "a.y", 1L), store.subjectCounts("a.*"));
    }

    @Test
    void removeTracksFirstAndDeleted() {
        for (int i = 0; i < 5; i++) {
            add("s", "x");
        }
        assertTrue(store.remove(1, false));
        assertTrue(store.remove(3, true));
        assertFalse(store.remove(3, false));
        StreamState st = store.state();
        assertEquals(2, st.firstSequence());
        assertEquals(List.of(3L), st.deleted());
        assertEquals(3, st.messages());
    }

    @Test
    void purgeWithFilterKeepAndEverything() {
        add("a", "1");
        add("b", "2");
        add("a", "3");
        add("a", "4");
        assertEquals(2, store.purge("a", 0, 1));
        assertEquals(List.of(2L, 4L), List.of(store.loadNext(null, 0).sequence(), store.loadLast(null).sequence()));
        assertEquals(2, store.purge(null, 0, 0));
        StreamState st = store.state();
        assertEquals(0, st.messages());
        assertEquals(5, st.firstSequence());
        assertEquals(4, st.lastSequence());
    }

    @Test
    void compactAndSkip() {
        add("a", "1");
        add("a", "2");
        add("a", "3");
        assertEquals(2, store.compact(3));
        assertEquals(3, store.state().firstSequence());
        store.compact(10);
        assertEquals(10, store.state().firstSequence());
        assertEquals(9, store.state().lastSequence());
        store.skipTo(20);
        assertEquals(20, add("a", "x"));
    }

    @Test
    void snapshotRestores() throws Exception {
        add("a", "1");
        add("b", "2");
        store.remove(1, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.snapshot(out);
        var restored = new MemoryStoreProvider().restore(new Req(), new ByteArrayInputStream(out.toByteArray()));
        assertEquals(1, restored.state().messages());
        assertEquals("b", restored.load(2).subject());
        assertEquals(2, restored.state().lastSequence());
    }

    private static final class Req implements io.natsj.spi.store.StreamStoreRequest {
        @Override
        public com.typesafe.config.Config config() {
            return com.typesafe.config.ConfigFactory.empty();
        }

        @Override
        public String account() {
            return "$G";
        }

        @Override
        public String stream() {
            return "S";
        }

        @Override
        public java.nio.file.Path directory() {
            return java.nio.file.Path.of("/nonexistent");
        }

        @Override
        public java.time.Duration syncInterval() {
            return java.time.Duration.ZERO;
        }

        @Override
        public int maxMessageSize() {
            return 1024;
        }
    }
}
