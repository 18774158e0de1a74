package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done to a natsj file store while the server is down, seen through a real server
 * process: a flipped byte inside a record is detected, logged with stream and sequence, never
 * served, and reported as nats-server reports lost data ({@code state.lost} with {@code msgs}
 * and {@code bytes}, in stream info and in /jsz's stream details); a torn tail is cut at the
 * last whole record and the server starts.
 *
 * <p>natsj only: nats-server 2.9.10 trusts its per-block index on a restart and checks a
 * record's hash only when it loads the block, so the same damage is found, or not, at other
 * moments; the JSON shape asserted here is its {@code LostStreamData}.
 */
class StoreDamageTest {

    private static final String STREAM = "DMG";
    private static final String SUBJECT = "dmg";

    @Test
    void flippedBytesAndATornTailAreDetectedAsDescribed(@TempDir Path storeDir) throws Exception {
        try (JetStreamProcess server = JetStreamProcess.start(Target.NATSJ, storeDir, 0)) {
            try (JsClient c = JsClient.connect(server)) {
                JsonNode created = c.api("$JS.API.STREAM.CREATE." + STREAM, "{\"name\":\"" + STREAM
                        + "\",\"subjects\":[\"" + SUBJECT + "\"],\"storage\":\"file\"}");
                assertTrue(created.has("config"), created.toString());
                publish(c, 1, 10);
            }

            // 1. Clean stop: the index of the clean close is trusted, so the damage shows on the first read.
            server.stop();
            flipInside(server, 5);
            server.restart(0);
            try (JsClient c = JsClient.connect(server)) {
                JsClient.assertApiError(get(c, 5), 404, 10037, "no message found");
                assertPayload(c, 4);
                assertPayload(c, 6);
                assertEquals(lost(5), state(c).get("lost"));
                assertEquals(lost(5), jszState(server).get("lost"));
            }
            assertTrue(server.log().contains("stream '$G > " + STREAM + "': message 5 "), server.log());

            // 2. A crash (no index): recovery reads every record and finds the damage before any read.
            try (JsClient c = JsClient.connect(server)) {
                publish(c, 11, 20);
            }
            server.kill();
            flipInside(server, 15);
            server.restart(0);
            try (JsClient c = JsClient.connect(server)) {
                JsonNode state = state(c);
                assertEquals(lost(5, 15), state.get("lost"));
                assertEquals(18, state.get("messages").asLong());
                assertEquals(20, state.get("last_seq").asLong());
                JsClient.assertApiError(get(c, 15), 404, 10037, "no message found");
                assertPayload(c, 14);
                assertPayload(c, 16);
                assertEquals(lost(5, 15), jszState(server).get("lost"));
            }
            assertTrue(server.log().contains("stream '$G > " + STREAM + "': message 15 "), server.log());

            // 3. A torn tail: the last record cut short by a crash is dropped, everything before stays.
            try (JsClient c = JsClient.connect(server)) {
                publish(c, 21, 25);
            }
            server.kill();
            List<Path> blocks = server.blockFiles();
            // Cut 7 bytes short of the last record's end (its payload, then checksum and length:
            // 8 bytes), not of the file's: block files grow ahead of their data.
            byte[] last = payload(25).getBytes(UTF_8);
            int recordEnd = indexOf(Files.readAllBytes(blocks.getLast()), last) + last.length + 8;
            try (FileChannel channel = FileChannel.open(blocks.getLast(), StandardOpenOption.WRITE)) {
                channel.truncate(recordEnd - 7);
            }
            server.restart(0);
            try (JsClient c = JsClient.connect(server)) {
                JsonNode state = state(c);
                assertEquals(24, state.get("last_seq").asLong(), state.toString());
                assertEquals(22, state.get("messages").asLong(), state.toString());
                // The cut record was never whole on disk: it is not reported as lost.
                assertEquals(lost(5, 15), state.get("lost"));
                for (int i = 21; i <= 24; i++) {
                    assertPayload(c, i);
                }
                JsClient.assertApiError(get(c, 25), 404, 10037, "no message found");
                assertEquals(25, c.publish(SUBJECT, "after the cut").get("seq").asLong());
            }
            assertTrue(server.log().contains("cut a partial record"), server.log());
        }
    }

    /** The payload of message {@code seq}: unique, so it is found in the block files, and no prefix of another. */
    private static String payload(int seq) {
        return "message-" + seq + "-end-abcdefghijklmnopqrstuvwxyz";
    }

    private static void publish(JsClient c, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            assertEquals(i, c.publish(SUBJECT, payload(i)).get("seq").asLong());
        }
    }

    private static JsonNode get(JsClient c, int seq) throws Exception {
        return c.api("$JS.API.STREAM.MSG.GET." + STREAM, "{\"seq\":" + seq + "}");
    }

    private static void assertPayload(JsClient c, int seq) throws Exception {
        JsonNode reply = get(c, seq);
        JsonNode m = reply.get("message");
        assertNotNull(m, reply.toString());
        assertEquals(payload(seq), new String(Base64.getDecoder().decode(m.get("data").asText()), UTF_8));
    }

    private static JsonNode state(JsClient c) throws Exception {
        return c.api("$JS.API.STREAM.INFO." + STREAM).get("state");
    }

    private static JsonNode jszState(JetStreamProcess server) {
        JsonNode jsz = server.monitor("/jsz?accounts=true&streams=true");
        for (JsonNode account : jsz.path("account_details")) {
            for (JsonNode stream : account.path("stream_detail")) {
                if (stream.path("name").asText().equals(STREAM)) {
                    return stream.get("state");
                }
            }
        }
        throw new AssertionError("no stream " + STREAM + " in /jsz: " + jsz);
    }

    /**
     * @return nats-server's {@code lost}: the sequences, and the bytes their records took
     *         ({@code 22 + subject + payload + 8} each, as nats-server counts a message)
     */
    private static JsonNode lost(int... seqs) {
        StringBuilder msgs = new StringBuilder();
        long bytes = 0;
        for (int s : seqs) {
            msgs.append(msgs.isEmpty() ? "" : ",").append(s);
            bytes += 22 + SUBJECT.length() + payload(s).length() + 8;
        }
        return JsClient.json("{\"msgs\":[" + msgs + "],\"bytes\":" + bytes + "}");
    }

    /** Flips one bit in the middle of message {@code seq}'s payload, in whichever block file holds it. */
    private static void flipInside(JetStreamProcess server, int seq) throws IOException {
        byte[] needle = payload(seq).getBytes(UTF_8);
        for (Path block : server.blockFiles()) {
            byte[] data = Files.readAllBytes(block);
            int at = indexOf(data, needle);
            if (at >= 0) {
                int target = at + needle.length / 2;
                try (FileChannel channel = FileChannel.open(block, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(new byte[] {(byte) (data[target] ^ 0x08)}), target);
                }
                return;
            }
        }
        throw new AssertionError("message " + seq + " not found in " + server.blockFiles());
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
