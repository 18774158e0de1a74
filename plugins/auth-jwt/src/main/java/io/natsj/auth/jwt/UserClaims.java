package io.natsj.auth.jwt;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import java.util.List;

/**
 * A user JWT's claims.
 *
 * @param common the registered claims ({@code sub} is the user's public key)
 * @param issuerAccount {@code issuer_account}: the account, when a signing key of it issued
 *        the JWT (empty when the account itself did)
 * @param limits what the user is granted
 * @param tags {@code tags}
 */
record UserClaims(CommonClaims common, String issuerAccount, UserLimits limits, List<String> tags) {

    /**
     * Decodes a user JWT and validates it as nats-server does before looking up its account.
     *
     * @param token the JWT from CONNECT
     * @param nowSeconds the current Unix time
     * @return the claims
     * @throws JwtException when the JWT is malformed, not signed by its issuer, not a user JWT,
     *         invalid, expired or not yet valid
     */
    static UserClaims decode(String token, long nowSeconds) throws JwtException {
        JwtDecoder.Decoded d = JwtDecoder.decode(token, JwtDecoder.Kind.USER);
        UserClaims claims = new UserClaims(d.common(), JsonFields.text(d.nats(), "issuer_account"),
                UserLimits.read(d.nats()), JsonFields.strings(d.nats(), "tags"));
        claims.validate(nowSeconds);
        return claims;
    }

    private void validate(long nowSeconds) throws JwtException {
        common.checkTimes(nowSeconds);
        if (!NKey.isValidPublicKey(common.subject(), NKeyType.USER)) {
            throw new JwtException("subject is not a user public key: " + common.subject());
        }
        limits.validate();
        if (!issuerAccount.isEmpty() && !NKey.isValidPublicKey(issuerAccount, NKeyType.ACCOUNT)) {
            throw new JwtException("account_id is not an account public key");
        }
    }

    /** @return the account the user belongs to: {@code issuer_account}, else the issuer */
    String account() {
        return issuerAccount.isEmpty() ? common.issuer() : issuerAccount;
    }
}
