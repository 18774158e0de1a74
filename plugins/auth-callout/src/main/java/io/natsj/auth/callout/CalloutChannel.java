package io.natsj.auth.callout;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyException;
import io.natsj.nkeys.NKeyType;
import io.natsj.nkeys.XKey;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceAccount;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The way to the callout service of one account: requests go out through one internal
 * connection of the account to {@code $SYS.REQ.USER.AUTH}; replies come back on one wildcard
 * subscription, matched to their request by the last token of the reply subject. The event
 * loop never waits: each request answers a future that completes with the service's decision,
 * or a refusal when the timeout passes first, as nats-server does.
 */
final class CalloutChannel {

    /** Where nats-server publishes authorization requests. */
    static final String SUBJECT = "$SYS.REQ.USER.AUTH";

    /** The header naming the server's curve key on an encrypted request. */
    static final String XKEY_HEADER = "Nats-Server-Xkey";

    /** Reads a service's answer into a decision. */
    @FunctionalInterface
    interface Decider {
        /**
         * @param payload the answer, opened when it came sealed
         * @param encrypted true when the answer came sealed to the server's curve key
         * @param userNkey the user key the request named
         * @return the decision
         */
        AuthResult decide(byte[] payload, boolean encrypted, String userNkey);
    }

    private final AuthenticatorContext context;
    private final String account;
    private final Duration timeout;
    /** The server's curve key for encrypted requests, made once per channel. */
    private final XKey serverXKey = XKey.create();
    private final byte[] xkeyHeader;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final InternalConnection connection;
    private final String replyPrefix;

    /** A request whose answer is awaited. */
    private record Waiting(String userNkey, String serviceXkey, Decider decider,
                           CompletableFuture<AuthResult> result) {
    }

    /**
     * @param context the running server
     * @param account the callout account
     * @param timeout how long the service has to answer
     */
    CalloutChannel(AuthenticatorContext context, ServiceAccount account, Duration timeout) {
        this.context = context;
        this.account = account.name();
        this.timeout = timeout;
        this.xkeyHeader = ("NATS/1.0\r\n" + XKEY_HEADER + ": " + serverXKey.publicKey() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.replyPrefix = "_INBOX." + HexFormat.of().formatHex(random) + ".";
        this.connection = account.connect("auth-callout");
        connection.subscribe(replyPrefix + "*", null, this::onReply);
    }

    /**
     * Sends one authorization request.
     *
     * @param request the client's CONNECT
     * @param issuer the request JWT's subject (the callout issuer, or the callout account)
     * @param serviceXkey the service's curve key to seal the request to, or null
     * @param decider reads the answer
     * @return completes with the decision, or a refusal at the timeout
     */
    CompletableFuture<AuthResult> ask(AuthRequest request, String issuer, String serviceXkey, Decider decider) {
        // A fresh user key per request: the response must name it, which defeats replays.
        String userNkey = NKey.create(NKeyType.USER).publicKey();
        String token = Long.toString(sequence.incrementAndGet());
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        waiting.put(token, new Waiting(userNkey, serviceXkey, decider, result));
        result.completeOnTimeout(new AuthResult.Rejected("Authorization callout response not received in time on account \""
                + account + "\""), timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> waiting.remove(token));
        String jwt = AuthorizationRequest.encode(request, context.server(), issuer, userNkey,
                serviceXkey == null ? null : serverXKey.publicKey(), timeout, context::signAsServer);
        byte[] payload = jwt.getBytes(StandardCharsets.US_ASCII);
        if (serviceXkey != null) {
            payload = serverXKey.seal(payload, serviceXkey);
        }
        connection.publish(SUBJECT, replyPrefix + token, serviceXkey == null ? null : xkeyHeader, payload);
        return result;
    }

    private void onReply(ServiceMessage message) {
        String subject = message.subject();
        Waiting w = waiting.get(subject.substring(subject.lastIndexOf('.') + 1));
        if (w == null) {
            return; // answered already, or too late
        }
        byte[] payload = message.payload();
        boolean encrypted = false;
        if (w.serviceXkey() != null && !startsWithJwt(payload) && payload.length > 0) {
            // A service that got an encrypted request may answer encrypted too.
            try {
                payload = serverXKey.open(payload, w.serviceXkey());
                encrypted = true;
            } catch (NKeyException e) {
                w.result().complete(new AuthResult.Rejected("Error decrypting auth callout response on account \""
                        + account + "\": " + e.getMessage()));
                return;
            }
        }
        AuthResult decided;
        try {
            decided = w.decider().decide(payload, encrypted, w.userNkey());
        } catch (RuntimeException e) {
            decided = new AuthResult.Rejected("auth callout response on account \"" + account + "\": " + e);
        }
        w.result().complete(decided);
    }

    private static boolean startsWithJwt(byte[] payload) {
        // Every JWT starts with the base64 of '{"', as nats-server tells plain answers apart.
        return payload.length >= 3 && payload[0] == 'e' && payload[1] == 'y' && payload[2] == 'J';
    }

    /** Closes the connection and refuses the requests still waiting. */
    void close() {
        connection.close();
        waiting.values().forEach(w -> w.result().complete(new AuthResult.Rejected("server shutting down")));
    }
}
