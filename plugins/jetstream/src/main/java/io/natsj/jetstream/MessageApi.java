package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.jetstream.JetStreamApi.Request;
import io.natsj.jetstream.JetStreamApi.Response;
import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StoredMessage;

/**
 * Reading and removing single messages: {@code $JS.API.STREAM.MSG.GET/DELETE.<stream>} and the
 * direct gets of {@code allow_direct} streams ({@code $JS.API.DIRECT.GET.<stream>[.<subject>]}),
 * which answer with the message itself and status headers instead of JSON.
 */
final class MessageApi {

    private static final String T = "io.nats.jetstream.api.v1.";

    private final AccountJetStream account;

    MessageApi(AccountJetStream account) {
        this.account = account;
    }

    Response handle(Request req) {
        return switch (req.token(2)) {
            case "GET" -> get(req);
            case "DELETE" -> delete(req);
            default -> null;
        };
    }

    private Response get(Request req) {
        String type = "stream_msg_get_response";
        if (req.isEmpty()) {
            throw StreamApi.fail(type, ApiError.BAD_REQUEST);
        }
        JsonNode body = StreamApi.body(req, type);
        long seq = StreamApi.longField(body, "seq", type);
        String last = StreamApi.textField(body, "last_by_subj", type);
        String next = StreamApi.textField(body, "next_by_subj", type);
        if ((seq > 0 && !last.isEmpty()) || (seq == 0 && last.isEmpty() && next.isEmpty())
                || (!last.isEmpty() && !next.isEmpty())) {
            throw StreamApi.fail(type, ApiError.BAD_REQUEST);
        }
        Stream s = account.stream(req.token(3));
        if (s == null) {
            throw StreamApi.fail(type, ApiError.STREAM_NOT_FOUND);
        }
        StoredMessage m;
        try {
            m = load(s, seq, last, next);
        } catch (StoreException e) {
            throw StreamApi.fail(type, ApiError.NO_MESSAGE_FOUND);
        }
        if (m == null) {
            throw StreamApi.fail(type, ApiError.NO_MESSAGE_FOUND);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        ObjectNode msg = n.putObject("message");
        msg.put("subject", m.subject());
        msg.put("seq", m.sequence());
        if (m.headers().length > 0) {
            msg.put("hdrs", m.headers());
        }
        if (m.payload().length > 0) {
            msg.put("data", m.payload());
        }
        msg.put("time", Json.time(m.timestampNanos()));
        // nats-server sends a message get's answer outside its API accounting and audit.
        return new Response(n, null, JetStreamApi.Tracking.NONE);
    }

    private static StoredMessage load(Stream s, long seq, String last, String next) {
        if (!next.isEmpty()) {
            return s.store().loadNext(next, seq);
        }
        if (seq > 0) {
            return s.store().load(seq);
        }
        return s.store().loadLast(last);
    }

    private Response delete(Request req) {
        String type = "stream_msg_delete_response";
        if (req.isEmpty()) {
            throw StreamApi.fail(type, ApiError.BAD_REQUEST);
        }
        JsonNode body = StreamApi.body(req, type);
        long seq = StreamApi.longField(body, "seq", type);
        boolean noErase = StreamApi.boolField(body, "no_erase", type);
        Stream s = account.stream(req.token(3));
        if (s == null) {
            throw StreamApi.fail(type, ApiError.STREAM_NOT_FOUND);
        }
        if (s.config().sealed()) {
            throw StreamApi.fail(type, ApiError.STREAM_SEALED);
        }
        if (s.config().denyDelete()) {
            throw StreamApi.fail(type, ApiError.msgDeleteFailed("message delete not permitted"));
        }
        boolean removed;
        ObjectNode n;
        try {
            removed = s.executor().call(() -> s.removeNow(seq, !noErase));
            n = removed ? JetStreamApi.typed(T + type) : JetStreamApi.error(T + type, notRemoved(s, seq));
        } catch (StoreException e) {
            n = JetStreamApi.error(T + type, ApiError.msgDeleteFailed(e.getMessage()));
        }
        if (!n.has("error")) {
            n.put("success", true);
        }
        // The handler's final answer: nats-server counts it as a call even when it is an error.
        return new Response(n, null);
    }

    /** A direct get; silent when the stream does not exist or does not allow direct gets. */
    void direct(Request req) {
        String reply = req.message().reply();
        if (!"GET".equals(req.token(1)) || req.tokens().length < 3 || reply == null || reply.isEmpty()) {
            return;
        }
        Stream s = account.stream(req.token(2));
        if (s == null || !s.config().allowDirect()) {
            // mirror_direct: a mirror that has nearly caught up answers for its origin.
            s = account.directMirror(req.token(2));
            if (s == null) {
                return;
            }
        }
        long seq = 0;
        String last = "";
        String next = "";
        if (req.tokens().length > 3) {
            if (req.body().length != 0) {
                status(reply, 408, "Bad Request");
                return;
            }
            String subject = req.message().subject();
            last = subject.substring(JetStreamApi.PREFIX.length() + "DIRECT.GET.".length() + req.token(2).length() + 1);
        } else {
            if (req.body().length == 0) {
                status(reply, 408, "Empty Request");
                return;
            }
            JsonNode body;
            try {
                body = StreamApi.body(req, "");
                seq = StreamApi.longField(body, "seq", "");
                last = StreamApi.textField(body, "last_by_subj", "");
                next = StreamApi.textField(body, "next_by_subj", "");
            } catch (StreamApi.Failed f) {
                status(reply, 408, "Malformed Request");
                return;
            }
            if (seq == 0 && last.isEmpty() && next.isEmpty()) {
                status(reply, 408, "Empty Request");
                return;
            }
            if ((seq > 0 && !last.isEmpty()) || (!last.isEmpty() && !next.isEmpty())) {
                status(reply, 408, "Bad Request");
                return;
            }
        }
        StoredMessage m;
        try {
            m = load(s, seq, last, next);
        } catch (StoreException e) {
            m = null;
        }
        if (m == null) {
            status(reply, 404, "Message Not Found");
            return;
        }
        byte[] hdr = MsgHeaders.withStreamHeaders(m.headers(), s.name(), m.subject(), m.sequence(),
                Json.time(m.timestampNanos()));
        account.publish(reply, hdr, m.payload());
    }

    private void status(String reply, int code, String text) {
        account.publish(reply, MsgHeaders.status(code, text), new byte[0]);
    }

    /**
     * Why a delete removed nothing, as nats-server 2.9.10 says it: its memory store only
     * reports the sequence missing; its file store fails outright when no block holds the
     * sequence (below the first message: "no message found"; past the last: "stream store EOF")
     * and reports an interior gap as missing.
     */
    private static ApiError notRemoved(Stream s, long seq) {
        if (!s.config().isMemory()) {
            if (seq > s.lastSequence()) {
                return ApiError.msgDeleteFailed("stream store EOF");
            }
            if (seq < s.store().state().firstSequence()) {
                return ApiError.msgDeleteFailed("no message found");
            }
        }
        return new ApiError(400, 10043, "sequence " + seq + " not found");
    }
}
