package io.natsj.auth.jwt;

import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AccountDefinition;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.auth.Authenticator;
import java.util.Optional;

/**
 * The operator-mode authenticator: every client must present a user JWT, so CONNECTs without
 * one are refused here rather than passed on, as in nats-server.
 */
final class JwtAuthenticator implements Authenticator {

    private final UserVerifier verifier;
    private final String systemAccount;
    private final ClaimsService claims;
    private final AccountDefiner definer;

    JwtAuthenticator(UserVerifier verifier, String systemAccount, ClaimsService claims, AccountDefiner definer) {
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
        return verifier.verify(request);
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
