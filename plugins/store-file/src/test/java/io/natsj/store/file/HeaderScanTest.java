package io.natsj.store.file;

import static io.natsj.store.file.StoreFiles.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** forEachWithHeaders: only messages with headers, in order, across blocks, removals and a reopen. */
class HeaderScanTest {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    private static byte[] headers(int i) {
        return ("NATS/1.0\r\nNats-Msg-Id: " + i + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void visitsOnlyMessagesWithHeadersFromTheSequenceOn() {
        List<Long> expected = new ArrayList<>();
        // Small blocks, so the scan crosses many of them; every 7th message has headers.
        try (FileStreamStore store = FileStreamStore.open(dir, "t", Duration.ZERO, 4096)) {
            for (int i = 1; i <= 3000; i++) {
                boolean withHeaders = i % 7 == 0;
                store.append("s." + (i % 3), withHeaders ? headers(i) : NONE, payload(i, 40), 1000L + i, null);
            }
            store.remove(14, false);
            store.remove(15, false);
            for (long s = 100; s <= 3000; s++) {
                if (s % 7 == 0 && s != 14) {
                    expected.add(s);
                }
            }
            assertEquals(expected, scan(store, 100));
            assertEquals(expected.subList(1, expected.size()), scan(store, 106));
        }
        try (FileStreamStore store = FileStreamStore.open(dir, "t", Duration.ZERO, 4096)) {
            assertEquals(expected, scan(store, 100));
            assertEquals(List.of(), scan(store, 3001));
        }
    }

    private static List<Long> scan(FileStreamStore store, long from) {
        List<Long> seen = new ArrayList<>();
        store.forEachWithHeaders(from, (sequence, timestamp, headers) -> {
            assertEquals(1000L + sequence, timestamp);
            assertArrayEquals(headers((int) sequence), headers);
            seen.add(sequence);
        });
        return seen;
    }
}
