package io.natsj.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.store.StoredMessage;
import io.natsj.spi.store.StreamState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM appends with sync-before-ack and prints each acknowledged
 * sequence; it is killed with SIGKILL mid-stream, twice, and every message it acknowledged must
 * be found intact when the directory is opened again.
 */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
        long acknowledged = 0;
        for (int round = 0; round < 2; round++) {
            acknowledged = Math.max(acknowledged, runAndKill(acknowledged + 3000));
        }
        try (FileStreamStore store = StoreFiles.open(dir, 256 * 1024)) {
            StreamState state = store.state();
            assertTrue(state.lastSequence() >= acknowledged, state.lastSequence() + " < " + acknowledged);
            assertEquals(List.of(), state.corrupted());
            for (long s = 1; s <= acknowledged; s++) {
                StoredMessage m = store.load(s);
                assertNotNull(m, "acknowledged message " + s + " is missing");
                assertEquals("crash." + (s % 10), m.subject());
                assertArrayEquals(StoreFiles.payload(s, 128), m.payload());
            }
        }
    }

    /** Starts the writer, waits for acks up to {@code until}, kills it; returns the highest ack seen. */
    private long runAndKill(long until) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            CrashWriter.class.getName(), dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        long highest = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    long sequence = Long.parseLong(line.substring(4));
                    if (highest > 0) {
                        assertEquals(highest + 1, sequence, "acks out of order");
                    }
                    highest = sequence;
                    if (highest >= until) {
                        break;
                    }
                }
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertTrue(highest >= until, "the writer stopped at " + highest);
        return highest;
    }
}
