package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.nkeys.XKey;
import io.natsj.spi.auth.AccountCallout;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An account JWT's {@code authorization} section (nats-server 2.10+, ADR-26): with
 * {@code auth_users} the account is a callout account, whose other users an auth callout
 * service authorizes. Checked as nats' JWT library validates it; an account JWT that fails is
 * refused as any invalid account JWT.
 *
 * @param authUsers {@code auth_users}: user public keys that bypass the callout
 * @param allowedAccounts {@code allowed_accounts}: account public keys, or the single {@code *}
 * @param xkey {@code xkey}: the service's curve public key, or empty
 */
record AccountAuthorization(List<String> authUsers, List<String> allowedAccounts, String xkey) {

    /** No {@code authorization} section. */
    static final AccountAuthorization NONE = new AccountAuthorization(List.of(), List.of(), "");

    /**
     * @param nats the account JWT's {@code nats} claims
     * @return the section, {@link #NONE} when absent
     * @throws JwtException with the JWT library's wording when it is invalid
     */
    static AccountAuthorization read(JsonNode nats) throws JwtException {
        JsonNode section = JsonFields.object(nats, "authorization");
        AccountAuthorization a = new AccountAuthorization(JsonFields.strings(section, "auth_users"),
                JsonFields.strings(section, "allowed_accounts"), JsonFields.text(section, "xkey"));
        a.validate();
        return a;
    }

    private void validate() throws JwtException {
        if (!allowedAccounts.isEmpty() && authUsers.isEmpty()) {
            throw new JwtException("External authorization cannot have accounts without users specified");
        }
        for (String u : authUsers) {
            if (!NKey.isValidPublicKey(u, NKeyType.USER)) {
                throw new JwtException("AuthUser \"" + u + "\" is not a valid user public key");
            }
        }
        for (String a : allowedAccounts) {
            if (a.equals(AccountCallout.ANY_ACCOUNT)) {
                if (allowedAccounts.size() > 1) {
                    throw new JwtException("AllowedAccounts can only be a list of accounts or \"*\"");
                }
            } else if (!NKey.isValidPublicKey(a, NKeyType.ACCOUNT)) {
                throw new JwtException("Account \"" + a + "\" is not a valid account public key");
            }
        }
        if (!xkey.isEmpty() && !XKey.isValidPublicKey(xkey)) {
            throw new JwtException("XKey \"" + xkey + "\" is not a valid public xkey");
        }
    }

    /** @return true when the account is a callout account ({@code auth_users} not empty) */
    boolean enabled() {
        return !authUsers.isEmpty();
    }

    /**
     * @param claims the account's claims
     * @return the settings the auth callout plugin acts on
     */
    AccountCallout toSpi(AccountClaims claims) {
        Set<String> issuers = new HashSet<>(claims.signingKeys().keySet());
        issuers.add(claims.common().subject());
        return new AccountCallout(claims.common().subject(), Set.copyOf(authUsers), Set.copyOf(allowedAccounts),
                xkey.isEmpty() ? Optional.empty() : Optional.of(xkey), issuers);
    }
}
