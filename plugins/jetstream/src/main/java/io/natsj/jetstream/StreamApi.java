package io.natsj.jetstream;

import io.natsj.spi.subject.SubjectMatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.jetstream.JetStreamApi.Request;
import io.natsj.jetstream.JetStreamApi.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code $JS.API.STREAM.*}: create, update, info, list, names, delete, purge, and the message
 * requests (handed to {@link MessageApi}), snapshots ({@link StreamSnapshots}) and restores
 * ({@link StreamRestore}), answered as nats-server's jetstream_api.go does.
 */
final class StreamApi {

    private static final String T = "io.nats.jetstream.api.v1.";
    static final int NAMES_LIMIT = 1024;
    static final int LIST_LIMIT = 256;

    private final AccountJetStream account;
    private final MessageApi messages;
    private final StreamSnapshots snapshots;
    private final StreamRestore restores;

    StreamApi(AccountJetStream account) {
        this.account = account;
        this.messages = new MessageApi(account);
        this.snapshots = new StreamSnapshots(account);
        this.restores = new StreamRestore(account);
    }

    Response handle(Request req) {
        String op = req.token(1);
        int n = req.tokens().length;
        if (op == null) {
            return null;
        }
        try {
            return switch (op) {
                case "CREATE" -> n == 3 ? create(req) : null;
                case "UPDATE" -> n == 3 ? update(req) : null;
                case "INFO" -> n == 3 ? info(req) : null;
                case "DELETE" -> n == 3 ? delete(req) : null;
                case "PURGE" -> n == 3 ? purge(req) : null;
                case "LIST" -> n == 2 ? list(req) : null;
                case "NAMES" -> n == 2 ? names(req) : null;
                case "MSG" -> n == 4 ? messages.handle(req) : null;
                case "SNAPSHOT" -> n == 3 ? snapshots.snapshot(req) : null;
                case "RESTORE" -> n == 3 ? restores.restore(req) : null;
                default -> null;
            };
        } catch (Failed f) {
            return new Response(f.body, null, JetStreamApi.Tracking.ERROR);
        }
    }

    /** Carries an error response out of a handler. */
    static final class Failed extends RuntimeException {

        final transient ObjectNode body;

        Failed(ObjectNode body) {
            super(null, null, false, false);
            this.body = body;
        }
    }

    static Failed fail(String type, ApiError error) {
        return new Failed(JetStreamApi.error(T + type, error));
    }

    /** @return the request body as JSON, null when empty; invalid JSON fails with nats-server's error */
    static JsonNode body(Request req, String type) {
        if (req.isEmpty()) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(req.body());
            if (n == null || !n.isObject()) {
                throw fail(type, ApiError.INVALID_JSON);
            }
            return n;
        } catch (java.io.IOException e) {
            throw fail(type, ApiError.INVALID_JSON);
        }
    }

    static long longField(JsonNode body, String field, String type) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw fail(type, ApiError.INVALID_JSON);
        }
        return v.asLong();
    }

    static String textField(JsonNode body, String field, String type) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw fail(type, ApiError.INVALID_JSON);
        }
        return v.asText();
    }

    static boolean boolField(JsonNode body, String field, String type) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw fail(type, ApiError.INVALID_JSON);
        }
        return v.asBoolean();
    }

    private StreamConfig config(Request req, String type) {
        StreamConfig cfg;
        try {
            cfg = StreamConfigCheck.parse(req.body());
        } catch (ApiError.Failure f) {
            throw fail(type, f.error);
        }
        String name = req.token(2);
        if (!name.equals(cfg.name())) {
            throw fail(type, ApiError.STREAM_MISMATCH);
        }
        if (name.contains("/") || name.contains("\\")) {
            throw fail(type, ApiError.NAME_PATH_SEPARATORS);
        }
        return cfg;
    }

    /** @return the config of a stream of this account, or null */
    private StreamConfig configOf(String name) {
        Stream s = account.stream(name);
        return s == null ? null : s.config();
    }

    private Response create(Request req) {
        String type = "stream_create_response";
        StreamConfig requested = config(req, type);
        if (requested.sealed()) {
            throw fail(type, ApiError.invalidConfig("stream configuration for create can not be sealed"));
        }
        if (requested.mirrorDirect() && !StreamConfigCheck.present(requested.mirror())) {
            throw fail(type, ApiError.invalidConfig("stream has no mirror but does have mirror direct"));
        }
        Stream s;
        boolean existed = account.stream(requested.name()) != null;
        try {
            // nats-server picks the limits by the replicas as requested, before any default.
            s = account.create(StreamConfigCheck.check(requested, this::configOf), requested.replicas());
        } catch (ApiError.Failure f) {
            throw fail(type, f.error);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        // nats-server's create response, unlike info, update and list, leaves the domain, mirror
        // and sources out.
        n.setAll(StreamInfoJson.info(s, false));
        n.put("did_create", true);
        if (!existed) {
            // Before the answer, as nats-server queues it (JetStreamWireTest).
            Advisories.streamAction(account, s.name(), "create");
        }
        return new Response(n, null);
    }

    private Response update(Request req) {
        String type = "stream_update_response";
        StreamConfig requested = config(req, type);
        Stream s;
        try {
            s = account.update(StreamConfigCheck.check(requested, this::configOf));
        } catch (ApiError.Failure f) {
            throw fail(type, f.error);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        StreamInfoJson.into(n, s, false, account.domain());
        Advisories.streamAction(account, s.name(), "modify");
        return new Response(n, null);
    }

    private Response info(Request req) {
        String type = "stream_info_response";
        ObjectNode paging = Json.object();
        paging.put("total", 0);
        paging.put("offset", 0);
        paging.put("limit", 0);
        boolean details;
        String filter;
        int offset;
        try {
            JsonNode body = body(req, type);
            details = boolField(body, "deleted_details", type);
            filter = textField(body, "subjects_filter", type);
            offset = (int) longField(body, "offset", type);
        } catch (Failed f) {
            f.body.setAll(paging);
            throw f;
        }
        Stream s = account.stream(req.token(2));
        if (s == null) {
            ObjectNode e = JetStreamApi.error(T + type, ApiError.STREAM_NOT_FOUND);
            e.setAll(paging);
            return new Response(e, null, JetStreamApi.Tracking.ERROR);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.setAll(paging);
        StreamInfoJson.into(n, s, details, account.domain());
        if (!filter.isEmpty()) {
            int[] page = StreamInfoJson.subjects((ObjectNode) n.get("state"), s, filter, offset);
            if (page != null) {
                n.put("total", page[0]);
                n.put("offset", page[1]);
                n.put("limit", page[2]);
            }
        }
        return new Response(n, null);
    }

    private List<Stream> filtered(String filter) {
        List<Stream> out = new ArrayList<>();
        for (Stream s : account.streams()) {
            if (filter.isEmpty()) {
                out.add(s);
                continue;
            }
            for (String subject : s.config().subjects()) {
                if (SubjectFilter.collide(filter, subject)) {
                    out.add(s);
                    break;
                }
            }
        }
        return out;
    }

    /** Names and list errors still carry the paging fields and the (empty) list, as in nats-server. */
    private static Failed paged(Failed f, boolean nullList) {
        f.body.put("total", 0);
        f.body.put("offset", 0);
        f.body.put("limit", 0);
        if (nullList) {
            f.body.putNull("streams");
        } else {
            f.body.putArray("streams");
        }
        return f;
    }

    private Response names(Request req) {
        String type = "stream_names_response";
        int offset;
        List<Stream> all;
        try {
            JsonNode body = body(req, type);
            offset = (int) longField(body, "offset", type);
            all = filtered(textField(body, "subject", type));
        } catch (Failed f) {
            throw paged(f, true);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.put("total", all.size());
        offset = Math.min(offset, all.size());
        n.put("offset", offset);
        n.put("limit", NAMES_LIMIT);
        List<Stream> page = all.subList(offset, Math.min(all.size(), offset + NAMES_LIMIT));
        if (page.isEmpty()) {
            n.putNull("streams");
        } else {
            ArrayNode a = n.putArray("streams");
            page.forEach(s -> a.add(s.name()));
        }
        return new Response(n, null);
    }

    private Response list(Request req) {
        String type = "stream_list_response";
        int offset;
        List<Stream> all;
        try {
            JsonNode body = body(req, type);
            offset = (int) longField(body, "offset", type);
            all = filtered(textField(body, "subject", type));
        } catch (Failed f) {
            throw paged(f, false);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.put("total", all.size());
        offset = Math.min(offset, all.size());
        n.put("offset", offset);
        n.put("limit", LIST_LIMIT);
        ArrayNode a = n.putArray("streams");
        for (Stream s : all.subList(offset, Math.min(all.size(), offset + LIST_LIMIT))) {
            ObjectNode info = StreamInfoJson.info(s, false);
            if (!account.domain().isEmpty()) {
                info.put("domain", account.domain());
            }
            StreamInfoJson.sourcing(info, s);
            a.add(info);
        }
        return new Response(n, null);
    }

    private Response delete(Request req) {
        String type = "stream_delete_response";
        String name = req.token(2);
        try {
            account.delete(name);
        } catch (ApiError.Failure f) {
            throw fail(type, f.error);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.put("success", true);
        Advisories.streamAction(account, name, "delete");
        return new Response(n, null);
    }

    private Response purge(Request req) {
        try {
            return purgeChecked(req);
        } catch (Failed f) {
            // nats-server's purge response always carries "purged".
            f.body.put("purged", 0);
            throw f;
        }
    }

    private Response purgeChecked(Request req) {
        String type = "stream_purge_response";
        JsonNode body = body(req, type);
        String filter = textField(body, "filter", type);
        long seq = longField(body, "seq", type);
        long keep = longField(body, "keep", type);
        if (seq > 0 && keep > 0) {
            throw fail(type, ApiError.BAD_REQUEST);
        }
        Stream s = account.stream(req.token(2));
        if (s == null) {
            throw fail(type, ApiError.STREAM_NOT_FOUND);
        }
        if (s.config().sealed()) {
            throw fail(type, ApiError.STREAM_SEALED);
        }
        if (s.config().denyPurge()) {
            throw fail(type, ApiError.purgeFailed("stream purge not permitted"));
        }
        long purged = s.executor().call(() -> {
            long n = SubjectMatch.matchesAll(filter) && seq > 1 && keep == 0
                    ? s.compactNow(seq) : s.purgeNow(filter.isEmpty() ? null : filter, seq, keep);
            account.consumersOf(s).purged(filter.isEmpty() ? null : filter);
            return n;
        });
        ObjectNode n = JetStreamApi.typed(T + type);
        n.put("success", true);
        n.put("purged", purged);
        return new Response(n, null);
    }
}
