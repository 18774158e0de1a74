package io.natsj.store.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Helpers shared by the file store tests: opening, deterministic payloads, block files, polling. */
final class StoreFiles {

    private StoreFiles() {
    }

    static FileStreamStore open(Path dir) {
        return open(dir, FileStreamStore.DEFAULT_BLOCK_SIZE);
    }

    static FileStreamStore open(Path dir, int blockSize) {
        return FileStreamStore.open(dir, "'$G > test'", Duration.ZERO, blockSize);
    }

    /** @return the payload the tests store as {@code sequence} */
    static byte[] payload(long sequence, int size) {
        byte[] payload = new byte[size];
        byte[] tag = ("<" + sequence + ">").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            payload[i] = tag[i % tag.length];
        }
        return payload;
    }

    /** @return the block files in {@code dir}, oldest first */
    static List<Path> blockFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(BlockFile.SUFFIX)).sorted().toList();
        }
    }

    /** @return the index of {@code needle} in {@code haystack}, or -1 */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes. */
    static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** A durability listener recording what it is told, in order. */
    static final class Acks implements io.natsj.spi.store.StreamStore.DurableListener {
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void done(long sequence, io.natsj.spi.store.StoreException error) {
            sequences.add(sequence);
            if (error != null) {
                errors.add(error);
            }
        }
    }
}
