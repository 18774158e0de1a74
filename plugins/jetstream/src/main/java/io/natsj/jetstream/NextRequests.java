package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Reads a pull request ({@code $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>}) as nats-server's
 * nextReqFromMsg and processNextMsgRequest do: an empty body asks for one message, a number
 * for that many, a JSON object for {@code batch}, {@code expires}, {@code max_bytes},
 * {@code no_wait} and {@code idle_heartbeat}. Refusals are answered with the same status lines
 * (400 Bad Request, 409 Exceeded …, 404 No Messages, 408 Requests Pending). On the stream's
 * executor.
 */
final class NextRequests {

    private NextRequests() {
    }

    /** @return the request to queue, or null when it was answered (refused, or nothing to wait for) */
    static PullRequests.Request accept(Consumer o, String reply, byte[] body) {
        ConsumerConfig c = o.config;
        long expires = 0;
        long batch = 1;
        long maxBytes = 0;
        boolean noWait = false;
        long hb = 0;
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.startsWith("{")) {
            try {
                JsonNode n = Json.MAPPER.readTree(text);
                expires = longOf(n, "expires", "time.Duration");
                batch = longOf(n, "batch", "int");
                maxBytes = longOf(n, "max_bytes", "int");
                JsonNode nw = n.get("no_wait");
                if (nw != null && !nw.isNull() && !nw.isBoolean()) {
                    throw new IllegalArgumentException(goTypeError(nw, "no_wait", "bool"));
                }
                noWait = nw != null && nw.asBoolean(false);
                hb = longOf(n, "idle_heartbeat", "time.Duration");
            } catch (java.io.IOException | IllegalArgumentException e) {
                PullRequests.status(o.conn(), reply, "400 Bad Request - " + e.getMessage().split("\n")[0]);
                return null;
            }
            if (hb > 0 && hb * 2 > expires) {
                PullRequests.status(o.conn(), reply, "400 Bad Request - heartbeat value too large");
                return null;
            }
        } else if (!text.isEmpty()) {
            try {
                batch = Long.parseLong(text);
            } catch (NumberFormatException e) {
                batch = 1;
            }
        }
        if (c.maxBatch() > 0 && batch > c.maxBatch()) {
            PullRequests.status(o.conn(), reply, "409 Exceeded MaxRequestBatch of " + c.maxBatch());
            return null;
        }
        if (expires > 0 && c.maxExpires() > 0 && expires > c.maxExpires()) {
            PullRequests.status(o.conn(), reply, "409 Exceeded MaxRequestExpires of " + GoDuration.format(c.maxExpires()));
            return null;
        }
        if (maxBytes > 0 && c.maxBytes() > 0 && maxBytes > c.maxBytes()) {
            PullRequests.status(o.conn(), reply, "409 Exceeded MaxRequestMaxBytes of " + c.maxBytes());
            return null;
        }
        long now = System.nanoTime();
        if (o.waiting.isFull()) {
            o.waiting.expire(false, now, o.conn(), o.dseq - 1, o.sseq - 1);
        }
        if (noWait) {
            long estimate = o.pendingEstimate();
            if (estimate > 0 && o.stream.store().loadNext(o.filter(), o.sseq) == null) {
                // The estimate outlived removals the consumer was not told of.
                o.npc = estimate = 0;
            }
            long available = estimate + o.acks.redeliverQueued();
            if (available == 0 && expires == 0) {
                PullRequests.status(o.conn(), reply, "404 No Messages");
                return null;
            }
            if (available > 0) {
                long wanted = o.waiting.expire(false, now, o.conn(), o.dseq - 1, o.sseq - 1)[0];
                if (available < wanted) {
                    PullRequests.status(o.conn(), reply, "408 Requests Pending");
                    return null;
                }
            }
        }
        return new PullRequests.Request(reply, (int) Math.max(Integer.MIN_VALUE, Math.min(batch, Integer.MAX_VALUE)),
                maxBytes, expires > 0 ? now + expires : 0, noWait, hb);
    }

    private static long longOf(JsonNode n, String f, String goType) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(goTypeError(v, f, goType));
        }
        return v.asLong();
    }

    /** Go's encoding/json text for a value of the wrong type in the pull request. */
    private static String goTypeError(JsonNode v, String field, String goType) {
        String kind = v.isTextual() ? "string" : v.isNumber() ? "number" + (v.isIntegralNumber() ? "" : " " + v.asText())
                : v.isBoolean() ? "bool" : v.isArray() ? "array" : "object";
        return "json: cannot unmarshal " + kind + " into Go struct field JSApiConsumerGetNextRequest." + field
                + " of type " + goType;
    }
}
