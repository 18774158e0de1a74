package io.natsj.store.file;

import static io.natsj.store.file.StoreFiles.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block files grow ahead of their data; closes and rolls cut the spare zeros, recovery cuts what a crash left. */
class PreallocationTest {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    @Test
    void theOpenBlockGrowsAheadAndAFullOrClosedOneHasItsExactLength() throws IOException {
        int record = RecordCodec.size(1, 0, 100);
        try (FileStreamStore store = StoreFiles.open(dir, 64 * 1024)) {
            for (int i = 1; i <= 1000; i++) {
                store.append("s", NONE, payload(i, 100), i, null);
            }
            List<Path> files = blocks();
            assertTrue(files.size() > 1, "rolled");
            for (Path full : files.subList(0, files.size() - 1)) {
                assertTrue(Files.size(full) <= 64 * 1024 + record, "a full block is cut to its data: " + Files.size(full));
            }
            assertEquals(BlockFile.PREALLOCATION, Files.size(files.get(files.size() - 1)), "the open block is preallocated");
        }
        long data = 0;
        for (Path file : blocks()) {
            data += Files.size(file);
        }
        assertEquals(1000L * record + RecordCodec.MIN_RECORD * blocks().size(), data, "closed: records and markers only");
    }

    @Test
    void zerosAfterTheLastRecordAreCutOnRecoveryWithoutLossOrDamage() throws IOException {
        try (FileStreamStore store = StoreFiles.open(dir)) {
            for (int i = 1; i <= 10; i++) {
                store.append("s", NONE, payload(i, 100), i, null);
            }
        }
        // What a crash leaves: no index, and the preallocated zeros still after the last record.
        Files.delete(dir.resolve(IndexFile.NAME));
        Path block = blocks().get(0);
        long length = Files.size(block);
        try (var channel = java.nio.channels.FileChannel.open(block, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]), BlockFile.PREALLOCATION - 1);
        }
        try (FileStreamStore store = StoreFiles.open(dir)) {
            assertEquals(length, Files.size(block));
            assertEquals(10, store.state().messages());
            assertTrue(store.state().corrupted().isEmpty());
            assertArrayEquals(payload(10, 100), store.load(10).payload());
            assertEquals(11, store.append("s", NONE, payload(11, 100), 11, null));
            assertArrayEquals(payload(11, 100), store.load(11).payload());
        }
    }

    private List<Path> blocks() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(BlockFile.SUFFIX)).sorted().toList();
        }
    }
}
