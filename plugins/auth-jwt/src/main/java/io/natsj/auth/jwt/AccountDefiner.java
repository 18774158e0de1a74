package io.natsj.auth.jwt;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import io.natsj.spi.auth.AccountDefinition;
import io.natsj.spi.auth.AuthenticatorContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns an account JWT into the kernel's {@link AccountDefinition}, as nats-server 2.9.10's
 * updateAccountClaims applies one: every export; every import the exporter authorizes (a
 * public export, or a {@code token_req} export and a valid activation token: signed by the
 * exporter or one of its signing keys, about the importer, of the import's kind, covering its
 * subject, not expired, not revoked by the export's {@code revocations}); the JetStream limits
 * as a {@code jetstream} setting. An import that fails is left out and logged, the account
 * itself stays usable, as in nats-server. An activation token that expires later re-defines
 * the importer at that time (nats-server's activationExpired), which drops the import.
 */
final class AccountDefiner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.natsj.auth.jwt");

    private final TrustedAccounts accounts;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("natsj-jwt-activations").factory());
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private volatile AuthenticatorContext context;

    AccountDefiner(TrustedAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** @param ctx where changes are reported; activation timers act only once this is set */
    void start(AuthenticatorContext ctx) {
        this.context = ctx;
    }

    /**
     * @param account an account public key
     * @return its definition, or empty when its JWT cannot be had or trusted now
     */
    Optional<AccountDefinition> define(String account) {
        long now = clock.millis() / 1000;
        AccountClaims claims;
        try {
            claims = accounts.lookup(account, now);
        } catch (JwtException e) {
            return Optional.empty();
        }
        List<AccountDefinition.Export> exports = new ArrayList<>();
        for (JwtExport x : claims.exports()) {
            if (!SubjectSubset.valid(x.subject())) {
                LOG.log(System.Logger.Level.WARNING, "account " + account + ": export \"" + x.subject()
                        + "\" has an invalid subject, skipped");
                continue;
            }
            if (x.latencyProblem() != null) {
                LOG.log(System.Logger.Level.WARNING, "account " + account + ": export \"" + x.subject()
                        + "\": service_latency not tracked: " + x.latencyProblem());
            }
            exports.add(new AccountDefinition.Export(x.service(), x.subject(),
                    x.responseType().isEmpty() ? null : x.responseType(), x.responseThreshold(),
                    x.service() ? x.latency() : null));
        }
        List<AccountDefinition.Import> imports = new ArrayList<>();
        long nextExpiry = Long.MAX_VALUE;
        for (JwtImport i : claims.imports()) {
            try {
                long expires = authorize(account, i, now);
                if (expires > 0) {
                    nextExpiry = Math.min(nextExpiry, expires);
                }
                imports.add(new AccountDefinition.Import(i.service(), i.account(), i.exporterSubject(),
                        i.importerSubject(), i.service() && i.share()));
            } catch (JwtException e) {
                LOG.log(System.Logger.Level.WARNING, "account " + account + ": " + i.type() + " import of \""
                        + i.subject() + "\" from " + i.account() + " not added: " + e.getMessage());
            }
        }
        scheduleExpiry(account, nextExpiry, now);
        ConfigObject settings = claims.jetStream() == null ? ConfigFactory.empty().root()
                : ConfigFactory.parseMap(Map.of("jetstream", claims.jetStream())).root();
        return Optional.of(new AccountDefinition(exports, imports, settings));
    }

    /**
     * nats-server's import checks (the JWT library's Import.Validate, then the exporter's
     * checkStreamImportAuthorized/checkServiceImportAuthorized).
     *
     * @return when the import's activation expires (Unix seconds), 0 for never
     * @throws JwtException saying why the import is not authorized
     */
    private long authorize(String importer, JwtImport i, long now) throws JwtException {
        AccountClaims exporter;
        try {
            exporter = accounts.lookup(i.account(), now);
        } catch (JwtException e) {
            throw new JwtException("can't locate account: " + e.getMessage());
        }
        String subject = i.exporterSubject();
        JwtExport export = null;
        for (JwtExport x : exporter.exports()) {
            if (x.service() == i.service() && x.subject().equals(subject)) {
                export = x;
            }
        }
        if (export == null) {
            for (JwtExport x : exporter.exports()) {
                if (x.service() == i.service() && SubjectSubset.contained(subject, x.subject())) {
                    export = x;
                    break;
                }
            }
        }
        if (export == null) {
            throw new JwtException((i.service() ? "service" : "stream") + " import not authorized");
        }
        if (export.accountTokenPosition() > 0) {
            if (!export.positionApproves(importer, subject)) {
                throw new JwtException((i.service() ? "service" : "stream")
                        + " import not authorized: the importing account is not at the export's account token position");
            }
            return 0;
        }
        if (!i.token().isEmpty()) {
            // nats-server checks a token even when the export is public: a bad token fails the import.
            Activation act = Activation.decode(i.token());
            act.check(exporter, now);
            if (export.tokenRequired() && export.revoked(importer, act.common().issuedAt())) {
                throw new JwtException("activation token revoked");
            }
            return export.tokenRequired() ? act.common().expires() : 0;
        }
        if (export.tokenRequired()) {
            throw new JwtException((i.service() ? "service" : "stream") + " import not authorized: activation token required");
        }
        return 0;
    }

    private void scheduleExpiry(String account, long expires, long now) {
        ScheduledFuture<?> old = expiries.remove(account);
        if (old != null) {
            old.cancel(false);
        }
        if (expires == Long.MAX_VALUE) {
            return;
        }
        long delayMillis = Math.max(0, (expires - now + 1) * 1000);
        expiries.put(account, timer.schedule(() -> {
            AuthenticatorContext ctx = context;
            if (ctx != null) {
                ctx.accountChanged(account);
            }
        }, delayMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
