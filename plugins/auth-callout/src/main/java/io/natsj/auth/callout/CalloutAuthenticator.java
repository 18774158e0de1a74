package io.natsj.auth.callout;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyException;
import io.natsj.nkeys.XKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceMessage;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each CONNECT of a client not in {@code auth_users} to the callout service and answers
 * {@link AuthResult.Pending}: the event loop goes on serving other connections while the
 * service thinks. Requests go out through one internal connection of the callout account;
 * replies come back on one wildcard subscription, matched to their request by the last token
 * of the reply subject. A request unanswered within the authorization timeout refuses the
 * client, as nats-server does.
 */
final class CalloutAuthenticator implements Authenticator {

    /** Where nats-server publishes authorization requests. */
    static final String SUBJECT = "$SYS.REQ.USER.AUTH";

    /** The header naming the server's curve key on an encrypted request. */
    static final String XKEY_HEADER = "Nats-Server-Xkey";

    private final CalloutSettings settings;
    /** The server's curve key for encrypted requests ({@code xkey} set), else null. */
    private final XKey serverXKey;
    private final byte[] xkeyHeader;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile AuthenticatorContext context;
    private volatile InternalConnection connection;
    private String replyPrefix;

    /** A request whose answer is awaited. */
    private record Waiting(String userNkey, String connectionType, CompletableFuture<AuthResult> result) {
    }

    CalloutAuthenticator(CalloutSettings settings) {
        this.settings = settings;
        this.serverXKey = settings.xkey() == null ? null : XKey.create();
        this.xkeyHeader = serverXKey == null ? null : ("NATS/1.0\r\n" + XKEY_HEADER + ": " + serverXKey.publicKey()
                + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public boolean askedFirst() {
        return true;
    }

    @Override
    public void start(AuthenticatorContext ctx) {
        if (ctx.operatorMode()) {
            // nats-server's refusal; an account JWT's own callout is not built yet either.
            throw new PluginException(CalloutSettings.PATH
                    + ": operators do not allow authorization callouts to be configured directly");
        }
        var account = ctx.account(settings.account()).orElseThrow(() -> new PluginException(
                CalloutSettings.PATH + ".account: no account \"" + settings.account() + "\" for the auth callout"));
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        replyPrefix = "_INBOX." + HexFormat.of().formatHex(random) + ".";
        InternalConnection c = account.connect("auth-callout");
        c.subscribe(replyPrefix + "*", null, this::onReply);
        this.context = ctx;
        this.connection = c;
    }

    @Override
    public void stop() {
        InternalConnection c = connection;
        if (c != null) {
            c.close();
        }
        waiting.values().forEach(w -> w.result().complete(new AuthResult.Rejected("server shutting down")));
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        if (isAuthUser(request)) {
            return new AuthResult.NotApplicable();
        }
        AuthenticatorContext ctx = context;
        InternalConnection c = connection;
        if (ctx == null || c == null) {
            return new AuthResult.Rejected("auth callout not started");
        }
        // A fresh user key per request: the response must name it, which defeats replays.
        String userNkey = NKey.create(NKeyType.USER).publicKey();
        String token = Long.toString(sequence.incrementAndGet());
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        waiting.put(token, new Waiting(userNkey, request.connectionType(), result));
        result.completeOnTimeout(new AuthResult.Rejected("Authorization callout response not received in time on account \""
                + settings.account() + "\""), settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> waiting.remove(token));
        String jwt = AuthorizationRequest.encode(request, ctx.server(), settings.issuer(), userNkey,
                serverXKey == null ? null : serverXKey.publicKey(), settings.timeout(), ctx::signAsServer);
        byte[] payload = jwt.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (serverXKey != null) {
            payload = serverXKey.seal(payload, settings.xkey());
        }
        c.publish(SUBJECT, replyPrefix + token, xkeyHeader, payload);
        return new AuthResult.Pending(result);
    }

    private void onReply(ServiceMessage message) {
        String subject = message.subject();
        Waiting w = waiting.get(subject.substring(subject.lastIndexOf('.') + 1));
        if (w == null) {
            return; // answered already, or too late
        }
        byte[] payload = message.payload();
        if (serverXKey != null && !startsWithJwt(payload)) {
            // A service that got an encrypted request may answer encrypted too.
            try {
                payload = serverXKey.open(payload, settings.xkey());
            } catch (NKeyException e) {
                w.result().complete(new AuthResult.Rejected("Error decrypting auth callout response on account \""
                        + settings.account() + "\": " + e.getMessage()));
                return;
            }
        }
        w.result().complete(AuthorizationResponse.decide(payload, w.userNkey(), context.server().serverId(), settings,
                w.connectionType()));
    }

    private static boolean startsWithJwt(byte[] payload) {
        // Every JWT starts with the base64 of '{"', as nats-server tells plain answers apart.
        return payload.length >= 3 && payload[0] == 'e' && payload[1] == 'y' && payload[2] == 'J';
    }

    private boolean isAuthUser(AuthRequest request) {
        return request.user().filter(settings.authUsers()::contains).isPresent()
                || request.nkey().filter(settings.authUsers()::contains).isPresent();
    }

    @Override
    public String toString() {
        return "CalloutAuthenticator[account " + settings.account() + "]";
    }
}
