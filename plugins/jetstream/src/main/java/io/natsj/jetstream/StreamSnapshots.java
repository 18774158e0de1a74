package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.jetstream.JetStreamApi.Request;
import io.natsj.jetstream.JetStreamApi.Response;
import io.natsj.spi.service.PublisherInfo;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code $JS.API.STREAM.SNAPSHOT.<stream>}, as nats-server 2.9.10's jsStreamSnapshotRequest:
 * the request names a deliver subject; the answer carries the stream's config and state; then
 * the snapshot ({@link SnapshotFormat}) goes to the deliver subject in acknowledged chunks
 * ({@link SnapshotSender}) from a pool thread, between the {@code SNAPSHOT_CREATE} and
 * {@code SNAPSHOT_COMPLETE} advisories. The snapshot carries the stream's consumers (config
 * and state) unless the request says {@code no_consumers}, as nats-server's does. One snapshot of a stream at a time, as nats-server's
 * store allows. The stream goes on taking messages meanwhile: the store reads one message at a
 * time.
 *
 * <p>natsj also snapshots memory streams, which nats-server 2.9.10 refuses
 * ({@code snapshot failed: no impl}).
 */
final class StreamSnapshots {

    private static final System.Logger LOG = System.getLogger("io.natsj.jetstream");
    private static final String TYPE = "stream_snapshot_response";
    static final ApiError DELIVER_SUBJECT_INVALID = new ApiError(400, 10015, "deliver subject not valid");

    private final AccountJetStream account;
    private final Set<Stream> running = ConcurrentHashMap.newKeySet();

    StreamSnapshots(AccountJetStream account) {
        this.account = account;
    }

    static ApiError snapshotFailed(String err) {
        return new ApiError(500, 10064, "snapshot failed: " + err);
    }

    /** Checks in nats-server's order: empty body, stream, JSON, deliver subject. */
    Response snapshot(Request req) {
        long start = Stream.nowNanos();
        if (req.isEmpty()) {
            throw StreamApi.fail(TYPE, ApiError.BAD_REQUEST);
        }
        Stream s = account.stream(req.token(2));
        if (s == null) {
            throw StreamApi.fail(TYPE, ApiError.STREAM_NOT_FOUND);
        }
        JsonNode body = StreamApi.body(req, TYPE);
        String deliver = StreamApi.textField(body, "deliver_subject", TYPE);
        boolean noConsumers = StreamApi.boolField(body, "no_consumers", TYPE);
        int chunkSize = intField(body, "chunk_size");
        boolean check = StreamApi.boolField(body, "jsck", TYPE);
        if (!SubjectFilter.isValidSubject(deliver)) {
            throw StreamApi.fail(TYPE, DELIVER_SUBJECT_INVALID);
        }
        if (check && !s.store().state().corrupted().isEmpty()) {
            throw StreamApi.fail(TYPE, snapshotFailed("snapshot check detected "
                    + s.store().state().corrupted().size() + " bad messages"));
        }
        if (!running.add(s)) {
            throw StreamApi.fail(TYPE, snapshotFailed("snapshot in progress"));
        }
        ObjectNode state = StreamInfoJson.state(s, false);
        state.remove("lost");
        ObjectNode n = JetStreamApi.typed("io.nats.jetstream.api.v1." + TYPE);
        n.set("config", Json.MAPPER.valueToTree(s.config()));
        n.set("state", state);
        PublisherInfo client = req.message().client();
        return new Response(n, () -> {
            SnapshotAdvisories.snapshotCreate(account, s.name(), state.deepCopy(), client);
            SnapshotSender sender = new SnapshotSender(account, s.name(), deliver, chunkSize);
            sender.start();
            account.service().pool().execute(() -> send(s, sender, start, client, !noConsumers));
        });
    }

    /** Go decodes {@code chunk_size} into an int: any integral number, negative too. */
    private static int intField(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw StreamApi.fail(TYPE, ApiError.INVALID_JSON);
        }
        return v.asInt();
    }

    /** On a pool thread: it waits for acknowledgements. */
    private void send(Stream s, SnapshotSender sender, long start, PublisherInfo client, boolean withConsumers) {
        boolean complete = false;
        try {
            List<SnapshotFormat.SnapshotConsumer> consumers = withConsumers
                    ? account.consumersOf(s).snapshot() : List.of();
            SnapshotFormat.writeHeader(sender, s.config(), s.createdNanos(), consumers);
            s.store().snapshot(sender);
            complete = true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Snapshot of stream '" + account.name() + " > " + s.name()
                    + "' failed: " + e.getMessage());
        } finally {
            sender.finish(complete);
            running.remove(s);
        }
        long end = Stream.nowNanos();
        SnapshotAdvisories.snapshotComplete(account, s.name(), start, end, client);
        LOG.log(System.Logger.Level.INFO, "Completed snapshot of " + sender.sent() + " bytes for stream '"
                + account.name() + " > " + s.name() + "' in " + (end - start) / 1_000_000 + "ms");
    }
}
