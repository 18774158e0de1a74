package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account claim services of nats-server's operator mode, on the system account:
 * {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.UPDATE} and the older {@code $SYS.ACCOUNT.<id>.CLAIMS.UPDATE}
 * always; with a directory resolver also {@code $SYS.REQ.CLAIMS.UPDATE},
 * {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP}, {@code $SYS.REQ.CLAIMS.LIST} and
 * {@code $SYS.REQ.CLAIMS.DELETE} (with {@code allow_delete: true}); a {@code full} directory
 * is kept in step with the cluster's by {@link DirSync}. Answers carry nats-server's
 * shapes: {@code {"server":…,"data":{"account","code":200,"message"}}} or
 * {@code {"server":…,"error":{"account","code":500,"description"}}}.
 *
 * <p>An accepted update replaces the account's JWT for new connections and is applied to the
 * live ones as nats-server applies it: users it revokes are closed with
 * {@code User Authentication Revoked}, connections beyond a lowered {@code conn} limit
 * (the newest) with {@code maximum account active connections exceeded}, and the others get
 * the new {@code payload} and {@code subs} limits (closed when already at the new subs limit). Requests are handled
 * on one thread of the service's own, never on the publisher's event loop, since a directory
 * resolver writes a file.
 */
final class ClaimsService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.natsj.auth.jwt");
    static final ObjectMapper JSON = new ObjectMapper();

    private final TrustedAccounts accounts;
    private final String systemAccount;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("natsj-jwt-claims").factory());
    private AuthenticatorContext context;
    private InternalConnection connection;
    private final DirSync sync;

    /**
     * @param sync the cluster part of a directory resolver (lookups, sync, ttl), or null
     */
    ClaimsService(TrustedAccounts accounts, String systemAccount, Clock clock, DirSync sync) {
        this.sync = sync;
        this.accounts = accounts;
        this.systemAccount = systemAccount;
        this.clock = clock;
    }

    /** Subscribes the services; without a system account there is nothing to serve. */
    void start(AuthenticatorContext ctx) {
        this.context = ctx;
        accounts.expiry().start(ctx);
        connection = ctx.systemConnection("jwt-claims").orElse(null);
        if (connection == null) {
            return;
        }
        subscribe("$SYS.ACCOUNT.*.CLAIMS.UPDATE", m -> update(m, m.subject().split("\\.")[2]));
        subscribe("$SYS.REQ.ACCOUNT.*.CLAIMS.UPDATE", m -> update(m, m.subject().split("\\.")[3]));
        if (!accounts.resolver().tracksUpdates()) {
            return;
        }
        subscribe("$SYS.REQ.CLAIMS.UPDATE", m -> update(m, null));
        subscribe("$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP", this::lookup);
        subscribe("$SYS.REQ.CLAIMS.LIST", this::list);
        subscribe("$SYS.REQ.CLAIMS.DELETE", this::delete);
        if (sync != null) {
            sync.start(connection, this::stored);
        }
    }

    private void subscribe(String subject, java.util.function.Consumer<ServiceMessage> handler) {
        connection.subscribe(subject, null, m -> worker.execute(() -> {
            try {
                handler.accept(m);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "jwt claims request on " + m.subject() + " failed: " + e);
            }
        }));
    }

    /**
     * @param m the request: an account JWT
     * @param subjectAccount the account its subject names, or null for {@code $SYS.REQ.CLAIMS.UPDATE}
     */
    private void update(ServiceMessage m, String subjectAccount) {
        String jwt = new String(m.payload(), StandardCharsets.UTF_8).strip();
        String account = subjectAccount;
        AccountClaims claims;
        if (jwt.isEmpty()) {
            respond(m.reply(), account, "jwt update error", "request body is empty");
            return;
        }
        try {
            claims = accounts.verifyUpdate(jwt);
        } catch (JwtException e) {
            respond(m.reply(), account == null ? "n/a" : account, "jwt update resulted in error", e.getMessage());
            return;
        }
        if (account == null) {
            account = claims.common().subject();
        } else if (!claims.common().subject().equals(account)) {
            respond(m.reply(), account, "jwt update resulted in error", "subject does not match jwt content");
            return;
        }
        AccountResolver resolver = accounts.resolver();
        if (!resolver.tracksUpdates() && !accounts.loaded(account)) {
            respond(m.reply(), account, "jwt update skipped", null);
            return;
        }
        if (newer(resolver, account, claims)) {
            resolver.store(account, jwt);
            stored(account, claims);
        }
        respond(m.reply(), account, "jwt updated", null);
    }

    /**
     * A new JWT of the account is in the resolver (an update, or one the directory sync
     * brought): live connections, expiry timers and the account's definition follow it.
     *
     * @param account the account public key
     * @param claims its new claims
     */
    void stored(String account, AccountClaims claims) {
        if (accounts.loaded(account)) {
            accounts.expiry().watch(claims);
        }
        applyToLiveConnections(account, claims);
        // Exports, imports and JetStream limits of the new JWT, and the imports of the
        // accounts that import from it (nats-server's updateAccountClaimsWithRefresh).
        context.accountChanged(account);
    }

    /** nats-server's directory keeps the newer of two JWTs by issued-at. */
    private static boolean newer(AccountResolver resolver, String account, AccountClaims claims) {
        return resolver.fetch(account).map(old -> {
            try {
                return AccountClaims.decode(old).common().issuedAt() <= claims.common().issuedAt();
            } catch (JwtException e) {
                return true;
            }
        }).orElse(true);
    }

    private void applyToLiveConnections(String account, AccountClaims claims) {
        List<AuthenticatorContext.LiveClient> clients = context.clients(account);
        long max = claims.limits().conn();
        long now = clock.instant().getEpochSecond();
        for (int i = 0; i < clients.size(); i++) {
            AuthenticatorContext.LiveClient c = clients.get(i);
            if (max >= 0 && i >= max) {
                c.closeWithError("maximum account active connections exceeded", "Maximum Account Connections Exceeded");
                continue;
            }
            String userJwt = c.jwt().orElse(null);
            if (userJwt == null) {
                continue;
            }
            try {
                UserClaims user = UserClaims.decode(userJwt, now);
                if (claims.revoked(user.common().subject(), user.common().issuedAt())) {
                    c.closeWithError("User Authentication Revoked", "Authentication Revoked");
                    continue;
                }
                if (user.limits().bearerToken() && claims.limits().disallowBearer()) {
                    c.closeWithError("Authorization Violation", "Authentication Failure");
                    continue;
                }
                // nats-server's applyAccountLimits: the user's (or its scope template's) limits,
                // lowered by the account's.
                UserScope scope = claims.signingKeys().get(user.common().issuer());
                UserLimits limits = scope != null && !user.issuerAccount().isEmpty() ? scope.template() : user.limits();
                c.applyLimits(new AuthResult.Limits(UserVerifier.smaller(limits.payload(), claims.limits().payload()),
                        UserVerifier.smaller(limits.subs(), claims.limits().subs()), claims.limits().conn()));
            } catch (JwtException e) {
                c.closeWithError("Authorization Violation", "Authentication Failure");
            }
        }
    }

    private void lookup(ServiceMessage m) {
        if (m.reply() == null) {
            return;
        }
        String account = m.subject().split("\\.")[3];
        accounts.resolver().fetch(account).ifPresent(jwt ->
                connection.publish(m.reply(), null, null, jwt.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * nats-server's {@code handleDeleteRequest}: a generic JWT that an operator key issued about
     * itself, listing the accounts to delete under {@code nats.accounts}; each deleted account's
     * file is renamed and its connections closed as if it had expired.
     */
    private void delete(ServiceMessage m) {
        String jwt = new String(m.payload(), StandardCharsets.UTF_8).strip();
        String subject = "";
        String error = null;
        List<String> ids = new java.util.ArrayList<>();
        try {
            JwtDecoder.Decoded d = JwtDecoder.decode(jwt, JwtDecoder.Kind.GENERIC);
            subject = d.common().subject();
            com.fasterxml.jackson.databind.JsonNode list = d.nats().get("accounts");
            if (!accounts.resolver().allowsDelete()) {
                error = "delete must be enabled in server config";
            } else if (!subject.equals(d.common().issuer())) {
                error = "not self signed";
            } else if (!accounts.trusts(d.common().issuer())) {
                error = "not trusted";
            } else if (list == null || !list.isArray()) {
                error = "malformed request";
            } else {
                for (com.fasterxml.jackson.databind.JsonNode e : list) {
                    String id = e.isTextual() ? e.asText() : "";
                    if (!io.natsj.nkeys.NKey.isValidPublicKey(id, io.natsj.nkeys.NKeyType.ACCOUNT)) {
                        error = "malformed request";
                        break;
                    } else if (id.equals(systemAccount)) {
                        error = "not allowed to delete system account";
                        break;
                    }
                    ids.add(id);
                }
            }
        } catch (JwtException e) {
            error = e.getMessage();
        }
        if (error != null) {
            respond(m.reply(), null, "delete accounts request by " + subject + " failed", error);
            return;
        }
        int deleted = 0;
        List<String> failed = new java.util.ArrayList<>();
        for (String id : ids) {
            if (accounts.resolver().delete(id)) {
                deleted++;
                accounts.forget(id);
                context.accountChanged(id);
                for (AuthenticatorContext.LiveClient c : context.clients(id)) {
                    c.closeWithError("Account Authentication Expired", "Authentication Expired");
                }
            } else {
                failed.add("no jwt for " + id);
            }
        }
        if (failed.isEmpty()) {
            respond(m.reply(), null, "deleted " + deleted + " accounts", null);
        } else {
            respond(m.reply(), null, "deleted " + deleted + " accounts, failed for " + failed.size(),
                    String.join("\n", failed));
        }
    }

    private void list(ServiceMessage m) {
        if (m.reply() == null) {
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("server", server());
        response.putPOJO("data", accounts.resolver().list());
        publish(m.reply(), response);
    }

    /**
     * Answers as nats-server's {@code respondToUpdate}.
     *
     * @param reply the reply subject, or null (then nothing is sent)
     * @param account the account, or null
     * @param message what happened
     * @param error why it failed, or null when it did not
     */
    void respond(String reply, String account, String message, String error) {
        if (error != null) {
            LOG.log(System.Logger.Level.ERROR, message + (account == null ? "" : " - " + account) + " - " + error);
        }
        if (reply == null || reply.isEmpty()) {
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("server", server());
        ObjectNode body = response.putObject(error == null ? "data" : "error");
        if (account != null) {
            body.put("account", account);
        }
        body.put("code", error == null ? 200 : 500);
        if (error == null) {
            body.put("message", message);
        } else {
            body.put("description", message + " - " + error);
        }
        publish(reply, response);
    }

    private ObjectNode server() {
        ObjectNode s = JSON.createObjectNode();
        s.put("name", context.server().serverName());
        s.put("host", "");
        s.put("id", context.server().serverId());
        s.put("ver", context.server().compatibleVersion());
        s.put("jetstream", false);
        s.put("flags", 0);
        s.put("seq", seq.incrementAndGet());
        s.put("time", Instant.now(clock).toString());
        return s;
    }

    private void publish(String subject, ObjectNode json) {
        connection.publish(subject, null, null, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
        if (connection != null) {
            connection.close();
        }
        worker.shutdownNow();
        accounts.expiry().close();
    }
}
