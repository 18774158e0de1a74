package io.natsj.tests.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The snapshot and restore exchanges driven by hand over core NATS, as the {@code nats} CLI
 * (jsm.go) drives them: subscribe a deliver subject, ask for the snapshot, acknowledge each
 * chunk on its reply subject until the empty end message; for a restore, send each chunk as a
 * request and wait for its acknowledgement, then an empty request whose answer is the stream info.
 */
final class SnapshotClient {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private SnapshotClient() {
    }

    /**
     * @param response the API answer
     * @param chunks the data messages, in order (empty when the request failed)
     * @param end the empty message that ended the snapshot (null when the request failed)
     */
    record Snapshot(JsonNode response, List<Message> chunks, Message end) {

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(m -> out.writeBytes(m.getData()));
            return out.toByteArray();
        }
    }

    static Snapshot snapshot(JsClient c, String stream, String body) throws Exception {
        Connection nc = c.connection();
        String deliver = JsClient.json(body).path("deliver_subject").asText("");
        Subscription sub = deliver.isEmpty() || deliver.contains(" ") || deliver.contains("..")
                ? null : nc.subscribe(deliver);
        try {
            nc.flush(WAIT);
            JsonNode response = c.api("$JS.API.STREAM.SNAPSHOT." + stream, body);
            if (response.has("error") || sub == null) {
                return new Snapshot(response, List.of(), null);
            }
            List<Message> chunks = new ArrayList<>();
            while (true) {
                Message m = sub.nextMessage(WAIT);
                assertNotNull(m, "snapshot chunk " + (chunks.size() + 1) + " of " + stream + " did not come");
                if (m.getData() == null || m.getData().length == 0) {
                    return new Snapshot(response, chunks, m);
                }
                chunks.add(m);
                if (m.getReplyTo() != null) {
                    nc.publish(m.getReplyTo(), null);
                }
            }
        } finally {
            if (sub != null) {
                sub.unsubscribe();
            }
        }
    }

    /**
     * @param acks the answers to each chunk (empty acknowledgements)
     * @param result the answer to the empty end message
     */
    record Restore(JsonNode response, List<Message> acks, JsonNode result) {
    }

    /** Sends a snapshot in chunks of {@code chunkSize} bytes after the restore request is accepted. */
    static Restore restore(JsClient c, String stream, String body, byte[] snapshot, int chunkSize) throws Exception {
        Connection nc = c.connection();
        JsonNode response = c.api("$JS.API.STREAM.RESTORE." + stream, body);
        if (response.has("error")) {
            return new Restore(response, List.of(), null);
        }
        String deliver = response.get("deliver_subject").asText();
        List<Message> acks = new ArrayList<>();
        for (int off = 0; off < snapshot.length; off += chunkSize) {
            byte[] chunk = Arrays.copyOfRange(snapshot, off, Math.min(snapshot.length, off + chunkSize));
            Message ack = nc.request(deliver, chunk, WAIT);
            assertNotNull(ack, "no acknowledgement of a restore chunk");
            acks.add(ack);
            JsonNode early = earlyAnswer(ack);
            if (early != null) {
                return new Restore(response, acks, early);
            }
        }
        Message last = nc.request(deliver, new byte[0], WAIT);
        assertNotNull(last, "no answer to the end of the restore");
        return new Restore(response, acks, JsClient.json(last));
    }

    /** A chunk answered with JSON rather than an empty acknowledgement ends the restore. */
    private static JsonNode earlyAnswer(Message ack) {
        byte[] data = ack.getData();
        return data == null || data.length == 0 ? null : JsClient.json(new String(data, UTF_8));
    }

    static void assertEndMessage(Message end) {
        assertNotNull(end);
        assertEquals(0, end.getData() == null ? 0 : end.getData().length);
        assertTrue(end.getReplyTo() == null || end.getReplyTo().isEmpty(), "end message has a reply subject");
        assertTrue(!end.hasHeaders() || end.getHeaders().isEmpty(), "end message has headers: " + end.getHeaders());
    }
}
