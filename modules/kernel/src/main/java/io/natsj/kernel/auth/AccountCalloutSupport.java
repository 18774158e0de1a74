package io.natsj.kernel.auth;

import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel relays between authenticators for an auth callout in operator mode, so that
 * the JWT and callout plugins need not know each other: an admission reviewed by the other
 * authenticators ({@link Authenticator#review}), an account's callout settings and the
 * admission of a user JWT a service issued, both asked of the authenticators that resolve
 * accounts.
 */
final class AccountCalloutSupport {

    private final List<Authenticator> authenticators;

    /** @param authenticators the server's authenticators, in the order they are asked */
    AccountCalloutSupport(List<Authenticator> authenticators) {
        this.authenticators = authenticators;
    }

    /**
     * The other authenticators' {@link Authenticator#review} of an admission: the first answer
     * that is not the admission itself.
     */
    AuthResult review(Authenticator accepting, AuthRequest request, AuthResult.Accepted accepted) {
        for (Authenticator other : authenticators) {
            if (other != accepting) {
                AuthResult r = other.review(request, accepted);
                if (r != accepted) {
                    return r;
                }
            }
        }
        return accepted;
    }

    /**
     * @param account an account name
     * @return its auth callout settings, from the first authenticator that resolves accounts
     *         and knows them
     */
    Optional<AccountCallout> accountCallout(String account) {
        for (Authenticator a : authenticators) {
            if (a.resolvesAccounts()) {
                var c = a.accountCallout(account);
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param userJwt a user JWT an auth callout service issued
     * @param account the account it places the user in
     * @param request the client's CONNECT
     * @return the first decision of an authenticator that resolves accounts
     */
    AuthResult admitIssuedUser(String userJwt, String account, AuthRequest request) {
        for (Authenticator a : authenticators) {
            if (a.resolvesAccounts()) {
                AuthResult r = a.admitIssuedUser(userJwt, account, request);
                if (!(r instanceof AuthResult.NotApplicable)) {
                    return r;
                }
            }
        }
        return new AuthResult.Rejected("no authenticator resolves account " + account);
    }
}
