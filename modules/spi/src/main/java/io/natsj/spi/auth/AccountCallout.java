package io.natsj.spi.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An account that hands its users to an auth callout service (nats-server 2.10+, ADR-26,
 * operator mode): the {@code authorization} section of its account JWT. A client admitted into
 * the account with a user that is not one of {@link #authUsers()} is not let in yet: the
 * server asks the service, in this account, on {@code $SYS.REQ.USER.AUTH}, and the user JWT of
 * the service's answer decides. The authenticator that resolves accounts (the JWT plugin)
 * reads it from the account JWT ({@link Authenticator#accountCallout}); the auth callout
 * plugin acts on it. Only accounts whose {@code auth_users} is not empty are callout accounts.
 *
 * @param account the callout account's name (its public key)
 * @param authUsers the user public keys that bypass the callout: the service's own users
 * @param allowedAccounts the other accounts the service may place users in (their public
 *        keys), or the single {@code *} for any account; the callout account itself is always
 *        allowed
 * @param xkey the service's curve public key ({@code X…}) requests are sealed to, or empty
 * @param issuers the keys that may sign for the callout account: its public key and its
 *        signing keys (an unencrypted authorization response must be issued by one of them)
 */
public record AccountCallout(String account, Set<String> authUsers, Set<String> allowedAccounts,
                             Optional<String> xkey, Set<String> issuers) {

    /** nats' word for "any account" in {@code allowed_accounts}. */
    public static final String ANY_ACCOUNT = "*";

    /** Copies the sets; rejects nulls. */
    public AccountCallout {
        Objects.requireNonNull(account, "account");
        authUsers = Set.copyOf(authUsers);
        allowedAccounts = Set.copyOf(allowedAccounts);
        Objects.requireNonNull(xkey, "xkey");
        issuers = Set.copyOf(issuers);
    }

    /**
     * @param target the account a user JWT of the service's answer is issued for
     * @return true when the service may place users there: the callout account itself, one of
     *         {@link #allowedAccounts()}, or any account when that is {@code *}
     */
    public boolean allows(String target) {
        return account.equals(target) || allowedAccounts.contains(target)
                || allowedAccounts.equals(Set.of(ANY_ACCOUNT));
    }
}
