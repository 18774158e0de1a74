package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.jetstream.JetStreamApi.Request;
import io.natsj.jetstream.JetStreamApi.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code $JS.API.STREAM.RESTORE.<stream>}, as nats-server 2.9.10's jsStreamRestoreRequest: the
 * request carries the config (and state) of the stream to restore; once the config, the
 * account's limits and the name check out, the answer names a deliver subject
 * {@code $JS.SNAPSHOT.RESTORE.<stream>.<id>} where the client sends the snapshot in chunks
 * ({@link RestoreSession}), each acknowledged, then an empty message; the answer to that one
 * is the restored stream's info. Errors carry {@code deliver_subject: ""} as nats-server's do.
 */
final class StreamRestore {

    static final String TYPE = "stream_restore_response";
    static final ApiError NAME_EXIST = new ApiError(400, 10130, "stream name already in use, cannot restore");
    static final ApiError TEMP_STORAGE_FAILED = new ApiError(500, 10072,
            "JetStream unable to open temp storage for restore");
    /** nats-server's snapStagingDir, under the JetStream store directory. */
    static final String STAGING_DIR = ".snap-staging";

    private final AccountJetStream account;

    StreamRestore(AccountJetStream account) {
        this.account = account;
    }

    /** Removes the files of restores a previous run left unfinished. */
    static void clearStaging(Path storeDir) throws IOException {
        Path staging = storeDir.resolve(STAGING_DIR);
        if (!Files.isDirectory(staging)) {
            return;
        }
        try (var files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static ApiError failed(String err) {
        return new ApiError(500, 10062, "restore failed: " + err);
    }

    Response restore(Request req) {
        try {
            return start(req);
        } catch (StreamApi.Failed f) {
            f.body.put("deliver_subject", "");
            throw f;
        }
    }

    /** Checks in nats-server's order: empty body, JSON, config, limits, name. */
    private Response start(Request req) {
        if (req.isEmpty()) {
            throw StreamApi.fail(TYPE, ApiError.BAD_REQUEST);
        }
        JsonNode body = StreamApi.body(req, TYPE);
        String name = req.token(2);
        StreamConfig cfg = config(body, name);
        try {
            account.checkLimits(cfg);
        } catch (ApiError.Failure f) {
            throw StreamApi.fail(TYPE, f.error);
        }
        if (account.stream(name) != null) {
            throw StreamApi.fail(TYPE, NAME_EXIST);
        }
        RestoreSession session;
        try {
            Path staging = account.service().settings().storeDir().resolve(STAGING_DIR);
            Files.createDirectories(staging);
            Path temp = Files.createTempFile(staging, "js-restore-", "");
            session = new RestoreSession(account, cfg, temp, req.message().client());
        } catch (IOException e) {
            throw StreamApi.fail(TYPE, TEMP_STORAGE_FAILED);
        }
        // nats-server announces the restore before it answers.
        SnapshotAdvisories.restoreCreate(account, cfg.name(), session.startNanos(), req.message().client());
        String deliver = session.open();
        ObjectNode n = JetStreamApi.typed("io.nats.jetstream.api.v1." + TYPE);
        n.put("deliver_subject", deliver);
        return new Response(n, null);
    }

    /**
     * The request's {@code config}, named after the subject when it has no name, checked as a
     * create's is (nats-server's checkStreamCfg).
     */
    private static StreamConfig config(JsonNode body, String name) {
        JsonNode state = body.get("state");
        if (state != null && !state.isNull() && !state.isObject()) {
            throw StreamApi.fail(TYPE, ApiError.INVALID_JSON);
        }
        JsonNode c = body.get("config");
        ObjectNode node;
        if (c == null || c.isNull()) {
            node = Json.object();
        } else if (c.isObject()) {
            node = ((ObjectNode) c).deepCopy();
        } else {
            throw StreamApi.fail(TYPE, ApiError.INVALID_JSON);
        }
        JsonNode given = node.get("name");
        if (given == null || given.isNull() || (given.isTextual() && given.asText().isEmpty())) {
            node.put("name", name);
        }
        try {
            return StreamConfigCheck.check(StreamConfigCheck.parse(Json.bytes(node)));
        } catch (ApiError.Failure f) {
            throw StreamApi.fail(TYPE, f.error);
        }
    }
}
