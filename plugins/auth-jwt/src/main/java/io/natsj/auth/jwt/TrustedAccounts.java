package io.natsj.auth.jwt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts users may belong to: account JWTs from the resolver that a trusted operator
 * key issued, decoded once per distinct JWT.
 */
final class TrustedAccounts {

    private final Set<String> trustedKeys;
    private final AccountResolver resolver;
    private final Map<String, AccountClaims> decoded = new ConcurrentHashMap<>();
    private final AccountExpiry expiry;

    /**
     * @param trustedKeys the operator keys accounts may be issued by
     * @param resolver where account JWTs come from
     * @param expiry told of each account JWT put in use, to close its connections when it expires
     */
    TrustedAccounts(List<String> trustedKeys, AccountResolver resolver, AccountExpiry expiry) {
        this.trustedKeys = Set.copyOf(trustedKeys);
        this.resolver = resolver;
        this.expiry = expiry;
    }

    /** @return the account expiry timers */
    AccountExpiry expiry() {
        return expiry;
    }

    /**
     * nats-server's account lookup: the resolver's JWT for the key, decoded, issued by a
     * trusted operator key, about that very account, and neither expired nor not yet valid.
     *
     * @param account an account public key
     * @param nowSeconds the current Unix time
     * @return the account's claims
     * @throws JwtException when the account is unknown or its JWT cannot be trusted
     */
    AccountClaims lookup(String account, long nowSeconds) throws JwtException {
        Optional<String> jwt = resolver.fetch(account);
        if (jwt.isEmpty()) {
            throw new JwtException("account " + account + " not found");
        }
        AccountClaims claims = decoded.get(account);
        if (claims == null || !claims.jwt().equals(jwt.get())) {
            claims = AccountClaims.decode(jwt.get());
            decoded.put(account, claims);
        }
        if (!trustedKeys.contains(claims.common().issuer())) {
            throw new JwtException("account JWT of " + account + " not signed by trusted operator");
        }
        if (!claims.common().subject().equals(account)) {
            throw new JwtException("account JWT stored for " + account + " is about " + claims.common().subject());
        }
        claims.common().checkTimes(nowSeconds);
        claims.validateImports();
        expiry.watch(claims);
        return claims;
    }

    /**
     * @param account an account public key
     * @return true when a user of the account has been admitted (nats-server's registered account)
     */
    boolean loaded(String account) {
        return decoded.containsKey(account);
    }

    /** @return the resolver behind these accounts */
    AccountResolver resolver() {
        return resolver;
    }

    /**
     * Checks an account JWT sent as an update: well formed, signed by its issuer, and issued
     * by a trusted operator key.
     *
     * @param jwt the account JWT
     * @return its claims
     * @throws JwtException when it cannot be trusted
     */
    AccountClaims verifyUpdate(String jwt) throws JwtException {
        AccountClaims claims = AccountClaims.decode(jwt);
        if (!trustedKeys.contains(claims.common().issuer())) {
            throw new JwtException("account JWT of " + claims.common().subject() + " not signed by trusted operator");
        }
        return claims;
    }

    /** @return true when {@code key} is a trusted operator key (a delete request's signer) */
    boolean trusts(String key) {
        return trustedKeys.contains(key);
    }

    /**
     * Forgets a deleted account: its JWT is gone from the resolver, and its claims from here.
     *
     * @param account an account public key
     */
    void forget(String account) {
        decoded.remove(account);
    }
}
