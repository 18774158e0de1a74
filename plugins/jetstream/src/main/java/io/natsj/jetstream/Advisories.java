package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The advisories nats-server publishes in the account: stream actions on
 * {@code $JS.EVENT.ADVISORY.STREAM.<CREATED|UPDATED|DELETED>.<stream>} and the API audit on
 * {@code $JS.EVENT.ADVISORY.API}, with a fresh NUID-like id and a UTC timestamp.
 */
final class Advisories {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Advisories() {
    }

    /** @return a 22-character id in NUID's alphabet */
    static String id() {
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(c);
    }

    static ObjectNode header(String type) {
        ObjectNode n = Json.object();
        n.put("type", type);
        n.put("id", id());
        n.put("timestamp", Json.time(Stream.nowNanos()));
        return n;
    }

    /**
     * @param action {@code create}, {@code modify} or {@code delete}
     */
    static void streamAction(AccountJetStream account, String stream, String action) {
        String event = switch (action) {
            case "create" -> "CREATED";
            case "modify" -> "UPDATED";
            default -> "DELETED";
        };
        ObjectNode n = header("io.nats.jetstream.advisory.v1.stream_action");
        n.put("stream", stream);
        n.put("action", action);
        if (!account.domain().isEmpty()) {
            n.put("domain", account.domain());
        }
        account.publish("$JS.EVENT.ADVISORY.STREAM." + event + "." + stream, Json.bytes(n));
    }

    static void audit(AccountJetStream account, ServiceMessage request, byte[] response) {
        ObjectNode n = header("io.nats.jetstream.advisory.v1.api_audit");
        String server = account.service().server().serverId();
        n.put("server", server);
        n.set("client", JetStreamApi.client(request.client(), server));
        n.put("subject", request.subject());
        if (request.payload().length > 0) {
            n.put("request", new String(request.payload(), StandardCharsets.UTF_8));
        }
        n.put("response", new String(response, StandardCharsets.UTF_8));
        if (!account.domain().isEmpty()) {
            n.put("domain", account.domain());
        }
        account.publish("$JS.EVENT.ADVISORY.API", Json.bytes(n));
    }
}
