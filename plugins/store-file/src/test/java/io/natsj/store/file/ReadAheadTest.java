package io.natsj.store.file;

import static io.natsj.store.file.StoreFiles.open;
import static io.natsj.store.file.StoreFiles.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers' sequential reads come from read-ahead windows: every message still reads back
 * whole (records across windows and blocks, records larger than a window, headers), readers
 * at several places at once, and a block rewritten under a window is read afresh.
 */
class ReadAheadTest {

    private static final byte[] NONE = new byte[0];
    private static final byte[] HEADERS = "NATS/1.0\r\nK: v\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static int size(long seq) {
        // Mostly small, some across a window's end, one in 50 larger than a whole window.
        return seq % 50 == 0 ? RecordReader.READ_AHEAD + 1000 : (int) (seq * 37 % 700);
    }

    private static void check(StoredMessage m, long seq) {
        assertNotNull(m, "message " + seq);
        assertEquals(seq, m.sequence());
        assertEquals("s." + seq % 3, m.subject());
        assertArrayEquals(seq % 7 == 0 ? HEADERS : NONE, m.headers(), "headers of " + seq);
        assertArrayEquals(payload(seq, size(seq)), m.payload(), "payload of " + seq);
    }

    @Test
    void sequentialAndInterleavedReadsReturnEveryMessageWhole() {
        try (FileStreamStore store = open(dir, 256 * 1024)) {
            for (long i = 1; i <= 600; i++) {
                store.append("s." + i % 3, i % 7 == 0 ? HEADERS : NONE, payload(i, size(i)), i, null);
            }
            assertTrue(store.blocks.all().size() > 2, "several blocks");
            for (long s = 1; s <= 600; s++) {
                check(store.loadNext(null, s), s);
            }
            // Two readers at different places, alternately, as two consumers of one stream.
            for (long a = 1, b = 300; a <= 300; a++, b++) {
                check(store.loadNext(null, a), a);
                check(store.loadNext(null, b), b);
            }
            // A filter skips records; what it returns is whole.
            for (long s = 1; s <= 600; s += 3) {
                StoredMessage m = store.loadNext("s.1", s);
                long expected = s % 3 == 1 ? s : s + (1 - s % 3 + 3) % 3;
                check(m, expected);
            }
        }
    }

    @Test
    void aBlockRewrittenUnderAWindowIsReadAfresh() throws Exception {
        try (FileStreamStore store = open(dir, 8192)) {
            for (int i = 1; i <= 200; i++) {
                store.append("s." + i % 3, NONE, payload(i, 100), i, null);
            }
            BlockFile second = store.blocks.all().get(1);
            long base = second.base();
            long last = second.lastSequence();
            // Read into the block: its window now holds the records as they lie.
            assertArrayEquals(payload(base, 100), store.loadNext(null, base).payload());
            assertArrayEquals(payload(base + 1, 100), store.loadNext(null, base + 1).payload());
            for (long s = base + 2; s <= last; s++) {
                if (s % 4 != 0) {
                    store.remove(s, s % 8 == 1);
                }
            }
            store.compactor().awaitIdle();
            assertTrue(store.compactor().rewrites() >= 1);
            // The rewrite moved every record: reads go to the new file, not the stale window.
            for (long s = base + 2; s <= last; s++) {
                StoredMessage m = store.load(s);
                if (s % 4 == 0) {
                    assertArrayEquals(payload(s, 100), m.payload(), "payload of " + s);
                } else {
                    assertNull(m);
                }
                long expected = s;
                while (expected <= last && expected % 4 != 0) {
                    expected++;
                }
                StoredMessage next = store.loadNext(null, s);
                assertEquals(expected, next.sequence());
                assertArrayEquals(payload(expected, 100), next.payload(), "payload of " + expected);
            }
            assertTrue(store.state().corrupted().isEmpty(), "nothing reported damaged");
        }
    }
}
