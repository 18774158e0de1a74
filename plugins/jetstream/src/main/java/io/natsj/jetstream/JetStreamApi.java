package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.PublisherInfo;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;

/**
 * The {@code $JS.API.>} requests of one account: each is handed from the network loop to the
 * service's API thread, dispatched by subject, answered on its reply subject with
 * nats-server's JSON, counted, and audited on {@code $JS.EVENT.ADVISORY.API}. Requests
 * without a reply subject are ignored, as are subjects nats-server does not answer.
 */
final class JetStreamApi {

    static final String PREFIX = "$JS.API.";

    private final AccountJetStream account;
    private final StreamApi streams;
    private final MessageApi messages;
    private final ConsumerApi consumers;
    private static final String NEXT = PREFIX + "CONSUMER.MSG.NEXT.";

    JetStreamApi(AccountJetStream account) {
        this.account = account;
        this.streams = new StreamApi(account);
        this.messages = new MessageApi(account);
        this.consumers = new ConsumerApi(account);
    }

    void subscribe() {
        account.connection().subscribe(PREFIX + ">", null, m -> {
            if (m.subject().startsWith(NEXT)) {
                next(m, m.subject().substring(NEXT.length()));
                return;
            }
            account.service().apiExecutor().execute(() -> handleSafely(m));
        });
        String domain = account.service().settings().domain();
        if (!domain.isEmpty()) {
            // nats-server maps $JS.<domain>.API.> onto $JS.API.> in every JetStream account, so
            // that a client naming the domain reaches the same API (and audits show the mapped
            // subject); across a leaf connection this subscription is the interest that lets
            // the domain's API cross while $JS.API.> stays on each side.
            String domainPrefix = "$JS." + domain + ".API.";
            account.connection().subscribe(domainPrefix + ">", null, m -> {
                String rest = m.subject().substring(domainPrefix.length());
                if (rest.startsWith("$KV.") || rest.startsWith("$OBJ.")) {
                    // nats-server's table maps $JS.<domain>.API.$KV.> to $KV.> (and $OBJ): Key/Value
                    // puts naming a domain are published again in the account under their own subject.
                    account.connection().publish(rest, m.reply(), m.headers(), m.payload());
                    return;
                }
                ServiceMessage mapped = new ServiceMessage(PREFIX + rest, m.reply(), m.headers(), m.payload(),
                        m.client());
                if (mapped.subject().startsWith(NEXT)) {
                    next(mapped, mapped.subject().substring(NEXT.length()));
                    return;
                }
                account.service().apiExecutor().execute(() -> handleSafely(mapped));
            });
        }
    }

    /** Pull requests go to the consumer's stream executor, as nats-server takes them outside its API queue. */
    private void next(ServiceMessage m, String rest) {
        int dot = rest.indexOf('.');
        if (dot > 0 && rest.indexOf('.', dot + 1) < 0 && m.reply() != null && !m.reply().isEmpty()) {
            account.onNextRequest(m, rest.substring(0, dot), rest.substring(dot + 1));
        }
    }

    /** A request that breaks a handler is logged, never fatal to the API thread. */
    private void handleSafely(ServiceMessage m) {
        try {
            handle(m);
        } catch (RuntimeException e) {
            System.getLogger("io.natsj.jetstream").log(System.Logger.Level.ERROR,
                    "JetStream API request on " + m.subject() + " failed", e);
        }
    }

    /** A request being answered: its subject's tokens after the prefix and its body. */
    record Request(ServiceMessage message, String[] tokens) {

        byte[] body() {
            return message.payload();
        }

        boolean isEmpty() {
            return body().length == 0 || new String(body(), StandardCharsets.UTF_8).isBlank()
                    || new String(body(), StandardCharsets.UTF_8).trim().equals("{}");
        }

        /** @return the token after the given number of API tokens, or null */
        String token(int i) {
            return i < tokens.length ? tokens[i] : null;
        }
    }

    private void handle(ServiceMessage m) {
        String rest = m.subject().substring(PREFIX.length());
        Request req = new Request(m, rest.split("\\.", -1));
        if (req.token(0).equals("DIRECT")) {
            // Direct gets are not API calls: not counted, not audited.
            messages.direct(req);
            return;
        }
        if (m.reply() == null || m.reply().isEmpty()) {
            return;
        }
        Response response = dispatch(req);
        if (response == null) {
            return;
        }
        byte[] bytes = Json.bytes(response.body());
        if (response.tracking() != Tracking.NONE) {
            account.apiTotal.incrementAndGet();
            if (response.tracking() == Tracking.ERROR) {
                account.apiErrors.incrementAndGet();
            }
        }
        account.answer(m.reply(), bytes);
        if (response.tracking() != Tracking.NONE) {
            Advisories.audit(account, m, bytes);
        }
        if (response.after() != null) {
            response.after().run();
        }
    }

    /**
     * How nats-server counts an answer in the account's API statistics and audits it: a
     * handler's final answer counts as a call even when it carries an error (a message delete
     * of a missing sequence), an early refusal as an error, and a message get's answer not at
     * all.
     */
    enum Tracking {
        CALL, ERROR, NONE
    }

    /**
     * An answer, and what to do once it has been sent (advisories follow the response).
     *
     * @param body the JSON
     * @param after run after sending, or null
     * @param tracking how the answer counts
     */
    record Response(ObjectNode body, Runnable after, Tracking tracking) {

        Response(ObjectNode body, Runnable after) {
            this(body, after, Tracking.CALL);
        }
    }

    private Response dispatch(Request req) {
        String op = req.token(0);
        if (op.equals("INFO") && req.tokens().length == 1) {
            ObjectNode n = typed("io.nats.jetstream.api.v1.account_info_response");
            n.setAll(account.info());
            return new Response(n, null);
        }
        if (op.equals("STREAM")) {
            return streams.handle(req);
        }
        if (op.equals("CONSUMER")) {
            return consumers.handle(req);
        }
        return null;
    }

    /** @return a response object starting with its {@code type} */
    static ObjectNode typed(String type) {
        ObjectNode n = Json.object();
        n.put("type", type);
        return n;
    }

    /** @return an error response of a type: {@code type}, then {@code error} */
    static ObjectNode error(String type, ApiError error) {
        ObjectNode n = typed(type);
        n.set("error", Json.MAPPER.valueToTree(error));
        return n;
    }

    /** The client fields audits name, as nats-server's ClientInfo (empty fields left out). */
    static ObjectNode client(PublisherInfo c, String server) {
        ObjectNode n = Json.object();
        if (c != null) {
            if (!c.host().isEmpty()) {
                n.put("host", c.host());
            }
            if (c.clientId() != 0) {
                n.put("id", c.clientId());
            }
            n.put("acc", c.account());
            if (!c.user().isEmpty()) {
                n.put("user", c.user());
            }
            if (!c.name().isEmpty()) {
                n.put("name", c.name());
            }
            if (!c.lang().isEmpty()) {
                n.put("lang", c.lang());
            }
            if (!c.version().isEmpty()) {
                n.put("ver", c.version());
            }
        }
        n.put("server", server);
        return n;
    }
}
