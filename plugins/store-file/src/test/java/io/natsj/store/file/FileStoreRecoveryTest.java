package io.natsj.store.file;

import static io.natsj.store.file.StoreFiles.open;
import static io.natsj.store.file.StoreFiles.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StreamState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reopening a file store: the index, its absence or staleness, torn tails, damaged records, full disks. */
class FileStoreRecoveryTest {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    private void fill(FileStreamStore store, int count) {
        for (int i = 1; i <= count; i++) {
            store.append("s." + (i % 3), i % 4 == 0 ? "NATS/1.0\r\n\r\n".getBytes() : NONE, payload(i, 40), i, null);
        }
    }

    @Test
    void reopenKeepsEverythingFromTheIndexAndFromTheBlocks() throws IOException {
        StreamState before;
        try (FileStreamStore store = open(dir, 4096)) {
            fill(store, 300);
            store.remove(7, false);
            store.remove(200, true);
            store.skipTo(400);
            before = store.state();
        }
        try (FileStreamStore store = open(dir, 4096)) {
            assertTrue(store.openedFromIndex);
            assertEquals(before, store.state());
            assertArrayEquals(payload(299, 40), store.load(299).payload());
            assertEquals(400, store.append("s.x", NONE, payload(400, 4), 400, null));
        }
        Files.delete(dir.resolve(IndexFile.NAME));
        try (FileStreamStore store = open(dir, 4096)) {
            assertFalse(store.openedFromIndex);
            StreamState state = store.state();
            assertEquals(before.messages() + 1, state.messages());
            assertEquals(before.deleted().size(), state.deleted().size());
            assertEquals(before.subjects() + 1, state.subjects());
            assertEquals(FileStreamStoreTest.sequences(store).size(), state.messages());
        }
    }

    @Test
    void aStaleIndexIsNotTrusted() throws IOException {
        try (FileStreamStore store = open(dir)) {
            fill(store, 10);
        }
        Path saved = dir.resolve("saved-index");
        Files.copy(dir.resolve(IndexFile.NAME), saved);
        try (FileStreamStore store = open(dir)) {
            store.append("later", NONE, payload(11, 4), 11, null);
        }
        Files.move(saved, dir.resolve(IndexFile.NAME), StandardCopyOption.REPLACE_EXISTING);
        try (FileStreamStore store = open(dir)) {
            assertFalse(store.openedFromIndex);
            assertEquals(11, store.state().messages());
            assertEquals("later", store.load(11).subject());
        }
    }

    @Test
    void aTornTailIsCutAtTheLastWholeRecord() throws IOException {
        try (FileStreamStore store = open(dir)) {
            fill(store, 10);
        }
        Path block = StoreFiles.blockFiles(dir).getLast();
        try (FileChannel channel = FileChannel.open(block, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 5);
        }
        try (FileStreamStore store = open(dir)) {
            assertFalse(store.openedFromIndex);
            StreamState state = store.state();
            assertEquals(9, state.messages());
            assertEquals(9, state.lastSequence());
            assertEquals(List.of(), state.corrupted());
            assertEquals(10, store.append("s.1", NONE, payload(10, 40), 10, null));
        }
        try (FileStreamStore store = open(dir)) {
            assertArrayEquals(payload(10, 40), store.load(10).payload());
        }
    }

    @Test
    void aFlippedByteIsReportedAndNeverServed() throws IOException {
        try (FileStreamStore store = open(dir)) {
            fill(store, 10);
        }
        Path block = StoreFiles.blockFiles(dir).getLast();
        flip(block, payload(5, 40));
        try (FileStreamStore store = open(dir)) {
            // The index of the clean close is trusted (same length); the damage shows when read.
            assertTrue(store.openedFromIndex);
            assertEquals(StoreException.Reason.CORRUPT, assertThrows(StoreException.class, () -> store.load(5)).reason());
            assertEquals(List.of(5L), store.state().corrupted());
            assertEquals(RECORD_5, store.state().corruptedBytes());
        }
        Files.delete(dir.resolve(IndexFile.NAME));
        try (FileStreamStore store = open(dir)) {
            assertFalse(store.openedFromIndex);
            StreamState state = store.state();
            assertEquals(List.of(5L), state.corrupted());
            assertEquals(RECORD_5, state.corruptedBytes());
            assertEquals(List.of(5L), state.deleted());
            assertEquals(9, state.messages());
            StoreException e = assertThrows(StoreException.class, () -> store.load(5));
            assertEquals(StoreException.Reason.CORRUPT, e.reason());
            assertEquals(6, store.loadNext(null, 5).sequence());
            // Damage found while open: load throws, next/last pass over it, state reports it.
            flip(block, payload(8, 40));
            assertEquals(StoreException.Reason.CORRUPT, assertThrows(StoreException.class, () -> store.load(8)).reason());
            assertEquals(9, store.loadNext(null, 8).sequence());
            assertEquals(List.of(5L, 8L), store.state().corrupted());
            assertEquals(RECORD_5 + RECORD_8, store.state().corruptedBytes());
        }
        try (FileStreamStore store = open(dir)) {
            // The index keeps what recovery found, bytes included; damage found by reads is found again.
            assertTrue(store.openedFromIndex);
            assertEquals(List.of(5L), store.state().corrupted());
            assertEquals(RECORD_5, store.state().corruptedBytes());
        }
    }

    @Test
    void aFlippedLengthIsDamageNotATornTail() throws IOException {
        try (FileStreamStore store = open(dir)) {
            fill(store, 10);
        }
        Files.delete(dir.resolve(IndexFile.NAME));
        Path block = StoreFiles.blockFiles(dir).getLast();
        byte[] data = Files.readAllBytes(block);
        int record = StoreFiles.indexOf(data, payload(5, 40)) - RecordCodec.HEAD - "s.2".length();
        try (FileChannel channel = FileChannel.open(block, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (data[record + 3] ^ 0x04)}), record + 3);
        }
        try (FileStreamStore store = open(dir)) {
            StreamState state = store.state();
            assertEquals(List.of(5L), state.corrupted());
            assertEquals(RECORD_5, state.corruptedBytes());
            assertEquals(9, state.messages());
            assertEquals(10, state.lastSequence());
            for (long s = 6; s <= 10; s++) {
                assertArrayEquals(payload((int) s, 40), store.load(s).payload());
            }
        }
    }

    @Test
    void aZeroedStretchLosesTheMessagesInItAndKeepsTheRest() throws IOException {
        try (FileStreamStore store = open(dir)) {
            fill(store, 10);
        }
        Files.delete(dir.resolve(IndexFile.NAME));
        Path block = StoreFiles.blockFiles(dir).getLast();
        byte[] data = Files.readAllBytes(block);
        // Messages 4 (with headers), 5 and 6, from the start of 4's record to the end of 6's.
        int from = StoreFiles.indexOf(data, payload(4, 40)) - RecordCodec.HEAD - 3 - 4 - 12;
        long stretch = RecordCodec.size(3, 12, 40) + 2 * RECORD_5;
        try (FileChannel channel = FileChannel.open(block, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) stretch), from);
        }
        try (FileStreamStore store = open(dir)) {
            StreamState state = store.state();
            assertEquals(List.of(4L, 5L, 6L), state.corrupted());
            assertEquals(stretch, state.corruptedBytes());
            assertEquals(7, state.messages());
            assertArrayEquals(payload(3, 40), store.load(3).payload());
            assertEquals(7, store.loadNext(null, 4).sequence());
            assertEquals(11, store.append("s.1", NONE, payload(11, 40), 11, null));
        }
    }

    /** Record sizes of messages 5 (subject s.2, no headers) and 8 (s.2 with 12 bytes of headers) of {@link #fill}. */
    private static final long RECORD_5 = RecordCodec.size(3, 0, 40);
    private static final long RECORD_8 = RecordCodec.size(3, 12, 40);

    private static void flip(Path block, byte[] payload) throws IOException {
        byte[] data = Files.readAllBytes(block);
        int at = StoreFiles.indexOf(data, payload);
        assertTrue(at > 0);
        try (FileChannel channel = FileChannel.open(block, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (data[at + 3] ^ 0x10)}), at + 3);
        }
    }

    @Test
    void aFullDiskIsInsufficientResourcesAndStoresNothing() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full));
        Files.createSymbolicLink(dir.resolve(BlockFile.name(1)), full);
        try (FileStreamStore store = open(dir)) {
            StoreException e = assertThrows(StoreException.class,
                () -> store.append("s", NONE, payload(1, 10), 1, (s, error) -> { }));
            assertEquals(StoreException.Reason.INSUFFICIENT_RESOURCES, e.reason());
            assertEquals(0, store.state().messages());
            assertEquals(0, store.state().lastSequence());
            assertEquals(0, store.state().subjects());
        }
    }

    @Test
    void anUnusableDirectoryIsAnIoErrorNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = file.resolve("stream");
        StoreException e = assertThrows(StoreException.class, () -> open(target));
        assertEquals(StoreException.Reason.IO, e.reason());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    }
}
