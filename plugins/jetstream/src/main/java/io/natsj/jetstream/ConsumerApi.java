package io.natsj.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.jetstream.JetStreamApi.Request;
import io.natsj.jetstream.JetStreamApi.Response;
import java.util.List;

/**
 * {@code $JS.API.CONSUMER.*}: create (ephemeral, named, durable), info, names, list and delete,
 * answered as nats-server 2.9.10's jetstream_api.go does, in the same order of checks.
 */
final class ConsumerApi {

    private static final String T = "io.nats.jetstream.api.v1.";

    private final AccountJetStream account;

    ConsumerApi(AccountJetStream account) {
        this.account = account;
    }

    Response handle(Request req) {
        String op = req.token(1);
        int n = req.tokens().length;
        if (op == null) {
            return null;
        }
        try {
            return switch (op) {
                case "CREATE" -> n >= 3 ? create(req) : null;
                case "DURABLE" -> "CREATE".equals(req.token(2)) && n >= 4 ? create(req) : null;
                case "INFO" -> n == 4 ? info(req) : null;
                case "DELETE" -> n == 4 ? delete(req) : null;
                case "NAMES" -> n == 3 ? names(req, false) : null;
                case "LIST" -> n == 3 ? names(req, true) : null;
                default -> null;
            };
        } catch (StreamApi.Failed f) {
            return new Response(f.body, null, JetStreamApi.Tracking.ERROR);
        }
    }

    private static StreamApi.Failed fail(String type, ApiError e) {
        return StreamApi.fail(type, e);
    }

    private Response create(Request req) {
        String type = "consumer_create_response";
        String[] t = req.tokens();
        JsonNode body;
        ConsumerConfig cfg;
        String reqStream;
        try {
            body = Json.MAPPER.readTree(req.body());
            if (body == null || !body.isObject()) {
                throw fail(type, ApiError.INVALID_JSON);
            }
            JsonNode sn = body.get("stream_name");
            if (sn != null && !sn.isNull() && !sn.isTextual()) {
                throw fail(type, ApiError.INVALID_JSON);
            }
            reqStream = sn == null || sn.isNull() ? "" : sn.asText();
            cfg = ConsumerConfig.parse(body.get("config"));
        } catch (java.io.IOException | ConsumerConfig.BadJson e) {
            throw fail(type, ApiError.INVALID_JSON);
        }
        boolean legacyDurable = t[1].equals("DURABLE");
        boolean legacyEphemeral = !legacyDurable && t.length == 3;
        String streamName;
        String consumerName = "";
        String filtered = "";
        if (legacyDurable) {
            if (t.length != 5) {
                throw fail(type, ConsumerConfigCheck.DURABLE_NOT_IN_SUBJECT);
            }
            streamName = t[3];
            consumerName = t[4];
        } else {
            streamName = t[2];
            if (t.length > 3) {
                consumerName = t[3];
            }
            if (t.length > 4) {
                filtered = String.join(".", List.of(t).subList(4, t.length));
            }
        }
        if (!streamName.equals(reqStream)) {
            throw fail(type, ApiError.STREAM_MISMATCH);
        }
        if (consumerName.contains("/") || consumerName.contains("\\")) {
            throw fail(type, ConsumerConfigCheck.NAME_PATH_SEPARATORS);
        }
        if (legacyDurable) {
            if (cfg.durable().isEmpty()) {
                throw fail(type, ConsumerConfigCheck.DURABLE_NOT_SET);
            }
            if (!consumerName.equals(cfg.durable())) {
                throw fail(type, ConsumerConfigCheck.DURABLE_NOT_MATCH);
            }
        } else if (!legacyEphemeral) {
            if (!cfg.durable().isEmpty() && !consumerName.equals(cfg.durable())) {
                throw fail(type, ConsumerConfigCheck.DURABLE_NOT_MATCH);
            }
            cfg = cfg.withName(consumerName);
        }
        if (legacyEphemeral && !cfg.durable().isEmpty()) {
            throw fail(type, ConsumerConfigCheck.EPHEMERAL_WITH_DURABLE);
        }
        if (!filtered.isEmpty() && !cfg.filterSubject().equals(filtered)) {
            throw fail(type, ConsumerConfigCheck.FILTER_MISMATCH);
        }
        if (cfg.replicas() > 1) {
            throw fail(type, ApiError.REPLICAS_NOT_SUPPORTED);
        }
        StreamConsumers consumers = account.consumers(streamName);
        if (consumers == null) {
            throw fail(type, ApiError.STREAM_NOT_FOUND);
        }
        StreamConsumers.Added added;
        try {
            added = consumers.add(cfg, account);
        } catch (ApiError.Failure f) {
            throw fail(type, f.error);
        }
        Consumer o = added.consumer();
        if (added.created()) {
            // nats-server announces the consumer while adding it, before the response.
            ConsumerAdvisories.action(account, streamName, o.name, "create");
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.setAll(added.initialInfo() != null ? added.initialInfo() : o.stream.executor().call(o::info));
        return new Response(n, null);
    }

    private Response info(Request req) {
        String type = "consumer_info_response";
        if (!req.isEmpty()) {
            throw fail(type, ConsumerConfigCheck.NOT_EMPTY_REQUEST);
        }
        StreamConsumers consumers = account.consumers(req.token(2));
        if (consumers == null) {
            throw fail(type, ApiError.STREAM_NOT_FOUND);
        }
        Consumer o = consumers.get(req.token(3));
        if (o == null) {
            throw fail(type, ConsumerConfigCheck.NOT_FOUND);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.setAll(o.stream.executor().call(o::info));
        return new Response(n, null);
    }

    private Response delete(Request req) {
        String type = "consumer_delete_response";
        if (!req.isEmpty()) {
            throw fail(type, ConsumerConfigCheck.NOT_EMPTY_REQUEST);
        }
        StreamConsumers consumers = account.consumers(req.token(2));
        if (consumers == null) {
            throw fail(type, ApiError.STREAM_NOT_FOUND);
        }
        if (!consumers.delete(req.token(3))) {
            throw fail(type, ConsumerConfigCheck.NOT_FOUND);
        }
        ObjectNode n = JetStreamApi.typed(T + type);
        n.put("success", true);
        return new Response(n, null);
    }

    /** Names and list: sorted by name, paged by {@code offset}; errors carry the paging fields and an empty list. */
    private Response names(Request req, boolean list) {
        String type = list ? "consumer_list_response" : "consumer_names_response";
        int offset;
        StreamConsumers consumers;
        try {
            JsonNode body = StreamApi.body(req, type);
            offset = (int) StreamApi.longField(body, "offset", type);
            consumers = account.consumers(req.token(2));
            if (consumers == null) {
                throw fail(type, ApiError.STREAM_NOT_FOUND);
            }
        } catch (StreamApi.Failed f) {
            f.body.put("total", 0);
            f.body.put("offset", 0);
            f.body.put("limit", 0);
            f.body.putArray("consumers");
            throw f;
        }
        List<Consumer> all = consumers.visible();
        int limit = list ? StreamApi.LIST_LIMIT : StreamApi.NAMES_LIMIT;
        offset = Math.min(offset, all.size());
        ObjectNode n = JetStreamApi.typed(T + type);
        n.put("total", all.size());
        n.put("offset", offset);
        n.put("limit", limit);
        ArrayNode a = n.putArray("consumers");
        for (Consumer o : all.subList(offset, Math.min(all.size(), offset + limit))) {
            if (list) {
                a.add(o.stream.executor().call(o::info));
            } else {
                a.add(o.name);
            }
        }
        return new Response(n, null);
    }
}
