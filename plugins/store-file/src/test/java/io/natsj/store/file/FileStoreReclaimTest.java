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
import io.natsj.spi.store.StreamStore;
import io.natsj.spi.store.StreamStoreRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block roll-over, giving space back (deleted blocks, rewritten blocks, erased records), snapshots. */
class FileStoreReclaimTest {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    @Test
    void blocksRollOverAndEmptyBlocksAreDeleted() throws Exception {
        try (FileStreamStore store = open(dir, 4096)) {
            for (int i = 1; i <= 200; i++) {
                store.append("s", NONE, payload(i, 100), i, null);
            }
            List<Long> ids = store.blockIds();
            assertTrue(ids.size() >= 6, "blocks " + ids);
            assertEquals(ids.size(), StoreFiles.blockFiles(dir).size());
            BlockFile first = store.blocks.all().getFirst();
            long end = first.lastSequence();
            for (long s = first.base(); s <= end; s++) {
                store.remove(s, false);
            }
            assertFalse(Files.exists(first.path()));
            assertEquals(ids.size() - 1, StoreFiles.blockFiles(dir).size());
            assertEquals(end + 1, store.state().firstSequence());
        }
    }

    @Test
    void aMostlyDeletedBlockIsRewrittenOffTheAppendPath() throws Exception {
        try (FileStreamStore store = open(dir, 8192)) {
            for (int i = 1; i <= 200; i++) {
                store.append("s." + (i % 5), NONE, payload(i, 100), i, null);
            }
            BlockFile second = store.blocks.all().get(1);
            long sizeBefore = second.size();
            long base = second.base();
            long last = second.lastSequence();
            for (long s = base; s <= last; s++) {
                if (s % 4 != 0) {
                    store.remove(s, false);
                }
            }
            store.compactor().awaitIdle();
            assertTrue(store.compactor().rewrites() >= 1);
            assertTrue(Files.size(second.path()) < sizeBefore / 2, Files.size(second.path()) + " of " + sizeBefore);
            for (long s = base; s <= last; s++) {
                StoredMessage m = store.load(s);
                if (s % 4 == 0) {
                    assertArrayEquals(payload(s, 100), m.payload());
                } else {
                    assertNull(m);
                }
            }
            store.remove(base + (4 - base % 4) % 4, false);
        }
        StreamState state;
        try (FileStreamStore store = open(dir, 8192)) {
            state = store.state();
        }
        Files.delete(dir.resolve(IndexFile.NAME));
        try (FileStreamStore store = open(dir, 8192)) {
            assertEquals(state, store.state());
        }
    }

    @Test
    void eraseOverwritesThePayloadOnDisk() throws Exception {
        try (FileStreamStore store = open(dir)) {
            store.append("secret", NONE, "top-secret-payload".getBytes(), 1, null);
            store.append("other", NONE, payload(2, 10), 2, null);
            store.remove(1, true);
            store.sync();
            byte[] data = Files.readAllBytes(StoreFiles.blockFiles(dir).getFirst());
            assertEquals(-1, StoreFiles.indexOf(data, "top-secret-payload".getBytes()));
            assertEquals(-1, StoreFiles.indexOf(data, "secret".getBytes()));
            assertNull(store.load(1));
        }
        Files.delete(dir.resolve(IndexFile.NAME));
        try (FileStreamStore store = open(dir)) {
            assertEquals(1, store.state().messages());
            assertEquals(List.of(), store.state().corrupted());
        }
    }

    @Test
    void aSnapshotRestoresTheSameMessagesAndSequences() throws Exception {
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        StreamState original;
        try (FileStreamStore store = open(dir.resolve("a"), 4096)) {
            store.skipTo(10);
            for (int i = 10; i < 110; i++) {
                store.append("s." + (i % 3), i % 2 == 0 ? "NATS/1.0\r\nX: 1\r\n\r\n".getBytes() : NONE, payload(i, 60),
                    i, null);
            }
            store.remove(50, false);
            store.purge("s.1", 0, 0);
            store.skipTo(200);
            original = store.state();
            store.snapshot(snapshot);
        }
        StreamStore restored = new FileStoreProvider().restore(request(dir.resolve("b")),
            new ByteArrayInputStream(snapshot.toByteArray()));
        try (restored) {
            StreamState state = restored.state();
            assertEquals(original.messages(), state.messages());
            assertEquals(original.bytes(), state.bytes());
            assertEquals(original.firstSequence(), state.firstSequence());
            assertEquals(original.lastSequence(), state.lastSequence());
            assertEquals(original.deleted(), state.deleted());
            assertArrayEquals(payload(12, 60), restored.load(12).payload());
            assertEquals(200, restored.append("s.0", NONE, NONE, 1, null));
        }
    }

    static StreamStoreRequest request(Path directory) {
        return new StreamStoreRequest() {
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
                return "restored";
            }

            @Override
            public Path directory() {
                return directory;
            }

            @Override
            public Duration syncInterval() {
                return Duration.ZERO;
            }

            @Override
            public int maxMessageSize() {
                return 1 << 20;
            }
        };
    }
}
