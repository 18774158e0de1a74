package io.natsj.store.file;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for the report, not checks: run with {@code -Dnatsj.measure=true}. Append throughput
 * with sync-before-ack for 128-byte messages from one thread (and how many messages one force
 * covers), and heap per message for a million messages.
 */
class FileStoreMeasurement {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    @Test
    void appendThroughputWithSyncBeforeAck() throws Exception {
        assumeTrue(Boolean.getBoolean("natsj.measure"));
        int count = Integer.getInteger("natsj.measure.count", 200_000);
        byte[] payload = new byte[128];
        try (FileStreamStore store = StoreFiles.open(dir.resolve("pipelined"))) {
            java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                store.append("bench.subject", NONE, payload, i, (s, e) -> acked.incrementAndGet());
            }
            StoreFiles.await(Duration.ofMinutes(5), () -> acked.get() == count, "acks");
            long nanos = System.nanoTime() - start;
            long[] stats = store.syncStatistics();
            System.out.printf("MEASURE pipelined: %d msgs in %.2f s = %.0f msgs/s acknowledged durable, %d forces,"
                    + " %.1f msgs per force%n", count, nanos / 1e9, count / (nanos / 1e9), stats[0],
                (double) stats[1] / stats[0]);
        }
        int waited = Math.min(count, 5_000);
        try (FileStreamStore store = StoreFiles.open(dir.resolve("one-at-a-time"))) {
            long start = System.nanoTime();
            for (int i = 0; i < waited; i++) {
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                store.append("bench.subject", NONE, payload, i, (s, e) -> done.countDown());
                done.await();
            }
            long nanos = System.nanoTime() - start;
            System.out.printf("MEASURE one at a time (wait for each ack): %.0f msgs/s, %.1f us per fsync%n",
                waited / (nanos / 1e9), nanos / 1e3 / waited);
        }
    }

    @Test
    void heapPerMessageForAMillionMessages() throws Exception {
        assumeTrue(Boolean.getBoolean("natsj.measure"));
        int count = 1_000_000;
        fill(dir.resolve("million"), count);
        heapOf(dir.resolve("million"), count);
        java.nio.file.Files.delete(dir.resolve("million").resolve(IndexFile.NAME));
        heapOf(dir.resolve("million"), count);
    }

    private static void fill(Path directory, int count) {
        byte[] payload = new byte[16];
        try (FileStreamStore store = StoreFiles.open(directory)) {
            for (int i = 0; i < count; i++) {
                store.append("orders." + (i % 1000), NONE, payload, i, null);
            }
        }
    }

    private static void heapOf(Path directory, int count) throws InterruptedException {
        long before = usedHeap();
        long start = System.nanoTime();
        FileStreamStore reopened = StoreFiles.open(directory);
        long openNanos = System.nanoTime() - start;
        long after = usedHeap();
        System.out.printf("MEASURE heap: %d messages (1000 subjects) take %.1f MB, %.1f bytes per message"
                + " (opened from index: %s in %d ms)%n", reopened.state().messages(), (after - before) / 1e6,
            (double) (after - before) / count, reopened.openedFromIndex, openNanos / 1_000_000);
        reopened.close();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
