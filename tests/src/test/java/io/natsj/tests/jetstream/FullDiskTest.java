package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot be written. A full disk is simulated without mounting anything: the
 * server runs under a file size limit ({@code ulimit -f}), so the block file's write fails
 * ({@code EFBIG}, "File too large") as a full disk's would ({@code ENOSPC}). The publisher gets
 * nats-server's error PubAck for a failed store write (503, 10077, the store's error: nats-server
 * 2.9.10 answers every {@code StoreMsg} failure with {@code NewJSStreamStoreFailedError}), the
 * message is not stored, the server keeps running and nothing acknowledged is lost; once there
 * is room again (a restart without the limit), publishing goes on at the next sequence.
 *
 * <p>natsj only for the full disk: run under the same limit (tried), nats-server 2.9.10 stays up
 * but never answers the publish whose write meets the limit, and logs nothing, so there is no
 * answer to compare with; the error PubAck above is what its source sends when a store write
 * fails.
 */
class FullDiskTest {

    private static final String STREAM = "FULL";
    private static final String SUBJECT = "full";
    /** The file size limit: a block file can hold about 500 of the messages below. */
    private static final long LIMIT_KIB = 1024;

    @Test
    void aFullDiskAnswersTheStoreErrorAndLosesNothingAcknowledged(@TempDir Path storeDir) throws Exception {
        try (JetStreamProcess server = JetStreamProcess.start(Target.NATSJ, storeDir, LIMIT_KIB)) {
            int acked = 0;
            JsonNode error = null;
            try (JsClient c = JsClient.connect(server)) {
                createStream(c, STREAM, SUBJECT, "file");
                createStream(c, "SPARE", "spare", "memory");
                for (int i = 1; i < 5_000 && error == null; i++) {
                    JsonNode ack = c.publish(SUBJECT, payload(i));
                    if (ack.has("error")) {
                        error = ack;
                    } else {
                        assertEquals(i, ack.get("seq").asLong(), ack.toString());
                        acked = i;
                    }
                }
                assertNotNull(error, "the file size limit was never reached");
                assertTrue(acked > 100, "acknowledged before the limit: " + acked);
                assertEquals(503, error.at("/error/code").asInt(), error.toString());
                assertEquals(10077, error.at("/error/err_code").asInt(), error.toString());
                assertTrue(error.at("/error/description").asText().toLowerCase(java.util.Locale.ROOT).contains("file too large"), error.toString());
                assertEquals(STREAM, error.get("stream").asText());
                assertEquals(0, error.get("seq").asLong());

                // The server keeps running: the next write fails the same way, everything else works.
                assertTrue(server.alive());
                assertEquals(10077, c.publish(SUBJECT, payload(acked + 1)).at("/error/err_code").asInt());
                JsonNode state = c.api("$JS.API.STREAM.INFO." + STREAM).get("state");
                assertEquals(acked, state.get("messages").asLong(), state.toString());
                assertEquals(acked, state.get("last_seq").asLong(), state.toString());
                assertPayload(c, acked);
                assertEquals(1, c.publish("spare", "still served").get("seq").asLong());
            }
            assertTrue(server.log().contains("JetStream failed to store a msg on stream '$G > " + STREAM + "'"),
                    server.log());

            // Room again: nothing acknowledged was lost, nothing refused was stored.
            server.stop();
            server.restart(0);
            try (JsClient c = JsClient.connect(server)) {
                JsonNode state = c.api("$JS.API.STREAM.INFO." + STREAM).get("state");
                assertEquals(acked, state.get("messages").asLong(), state.toString());
                assertEquals(acked, state.get("last_seq").asLong(), state.toString());
                assertFalse(state.has("lost"), state.toString());
                for (int i = 1; i <= acked; i++) {
                    assertPayload(c, i);
                }
                assertEquals(acked + 1, c.publish(SUBJECT, payload(acked + 1)).get("seq").asLong());
            }
        }
    }

    @AllTargets
    void anUnwritableStoreDirectoryStopsStartupNamingIt(Target target) throws Exception {
        // Under /proc no one may create a directory, root included (CI runs the tests as root,
        // for whom a chmod'ed directory is still writable).
        Path parent = Path.of("/proc", "natsj-test-" + UUID.randomUUID());
        JetStreamProcess.Exit exit = JetStreamProcess.runExpectingExit(target, parent.resolve("store"));
        assertNotEquals(-1, exit.code(), "still running: " + exit.output());
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains(parent.toString()), exit.output());
    }

    @AllTargets
    void aStoreDirectoryWithoutWritePermissionStopsStartup(Target target, @TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "permissions do not bind this user (root)");
            JetStreamProcess.Exit exit = JetStreamProcess.runExpectingExit(target, dir.resolve("store"));
            assertNotEquals(-1, exit.code(), "still running: " + exit.output());
            assertNotEquals(0, exit.code(), exit.output());
            // nats-server says "could not create storage directory - mkdir <dir>: permission denied".
            assertTrue(exit.output().contains(dir.toString()), exit.output());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void createStream(JsClient c, String name, String subject, String storage) throws Exception {
        JsonNode r = c.api("$JS.API.STREAM.CREATE." + name, "{\"name\":\"" + name + "\",\"subjects\":[\"" + subject
                + "\"],\"storage\":\"" + storage + "\"}");
        assertFalse(r.has("error"), r.toString());
    }

    /** @return a 2,000-byte payload naming message {@code i} */
    private static String payload(int i) {
        StringBuilder b = new StringBuilder("m").append(i).append('-');
        while (b.length() < 2_000) {
            b.append((char) ('a' + (b.length() + i) % 26));
        }
        return b.toString();
    }

    private static void assertPayload(JsClient c, int seq) throws Exception {
        JsonNode reply = c.api("$JS.API.STREAM.MSG.GET." + STREAM, "{\"seq\":" + seq + "}");
        JsonNode m = reply.get("message");
        assertNotNull(m, reply.toString());
        assertEquals(payload(seq), new String(Base64.getDecoder().decode(m.get("data").asText()), UTF_8));
    }
}
