package io.natsj.auth.jwt;

import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AccountDefinition;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.auth.Authenticator;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The operator-mode authenticator: every client must present a user JWT, so CONNECTs without
 * one are refused here rather than passed on, as in nats-server.
 */
final class JwtAuthenticator implements Authenticator {

    private final UserVerifier verifier;
    private final String systemAccount;
    private final ClaimsService claims;
    private final AccountDefiner definer;
    private final DirSync sync;

    /** @param sync the cluster part of a directory resolver (lookups, sync, ttl), or null */
    JwtAuthenticator(UserVerifier verifier, String systemAccount, ClaimsService claims, AccountDefiner definer,
                     DirSync sync) {
        this.sync = sync;
        this.verifier = verifier;
        this.systemAccount = systemAccount;
        this.claims = claims;
        this.definer = definer;
    }

    @Override
    public void start(AuthenticatorContext context) {
        definer.start(context);
        claims.start(context);
    }

    @Override
    public void stop() {
        claims.close();
        definer.close();
    }

    @Override
    public Optional<AccountDefinition> define(String account) {
        return definer.define(account);
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        if (sync != null) {
            // nats-server's DirAccResolver.Fetch: an account the directory lacks is asked of
            // the cluster before the user is checked; the event loop does not wait for it.
            Optional<String> missing = verifier.missingAccount(request);
            if (missing.isPresent()) {
                return new AuthResult.Pending(sync.lookup(missing.get()).thenApply(found -> verifier.verify(request)));
            }
        }
        return verifier.verify(request);
    }

    /**
     * nats-server fetches an account a route names (blocking the route meanwhile); natsj asks
     * the cluster as a CONNECT does and lets the kernel come back when the answer is in.
     */
    @Override
    public Optional<CompletionStage<Boolean>> lookupAccount(String account) {
        if (sync == null || !io.natsj.nkeys.NKey.isValidPublicKey(account, io.natsj.nkeys.NKeyType.ACCOUNT)
                || verifier.hasAccountJwt(account)) {
            return Optional.empty();
        }
        return Optional.of(sync.lookup(account).thenApply(Optional::isPresent));
    }

    @Override
    public Optional<AccountCallout> accountCallout(String account) {
        return verifier.callout(account);
    }

    @Override
    public AuthResult admitIssuedUser(String userJwt, String account, AuthRequest request) {
        return verifier.admitIssued(userJwt, account, request);
    }

    @Override
    public boolean needsNonce() {
        return true;
    }

    @Override
    public boolean resolvesAccounts() {
        return true;
    }

    @Override
    public Optional<String> systemAccount() {
        return systemAccount.isEmpty() ? Optional.empty() : Optional.of(systemAccount);
    }

    @Override
    public String toString() {
        return "JwtAuthenticator";
    }
}
