package io.natsj.auth.jwt;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import java.util.List;

/**
 * An operator JWT's claims: the root of trust.
 *
 * @param common the registered claims ({@code sub} is the operator's public key)
 * @param signingKeys operator keys that may also issue accounts
 * @param systemAccount {@code system_account}, or empty
 * @param strictSigningKeyUsage true when only the signing keys (not the operator key) may
 *        issue accounts
 * @param assertServerVersion the least server version the operator requires, or empty
 * @param accountServerUrl {@code account_server_url}, or empty
 */
record OperatorClaims(CommonClaims common, List<String> signingKeys, String systemAccount,
                      boolean strictSigningKeyUsage, String assertServerVersion, String accountServerUrl) {

    /**
     * @param token an operator JWT
     * @return its claims
     * @throws JwtException when it is malformed, not signed by an operator key, or its keys are invalid
     */
    static OperatorClaims decode(String token) throws JwtException {
        JwtDecoder.Decoded d = JwtDecoder.decode(token, JwtDecoder.Kind.OPERATOR);
        OperatorClaims claims = new OperatorClaims(d.common(), JsonFields.strings(d.nats(), "signing_keys"),
                JsonFields.text(d.nats(), "system_account"), JsonFields.bool(d.nats(), "strict_signing_key_usage"),
                JsonFields.text(d.nats(), "assert_server_version"), JsonFields.text(d.nats(), "account_server_url"));
        // nats-server decodes the operator at start-up without checking its expiry.
        for (String k : claims.signingKeys) {
            if (!NKey.isValidPublicKey(k, NKeyType.OPERATOR)) {
                throw new JwtException(k + " is not an operator public key");
            }
        }
        if (!claims.systemAccount.isEmpty() && !NKey.isValidPublicKey(claims.systemAccount, NKeyType.ACCOUNT)) {
            throw new JwtException(claims.systemAccount + " is not an account public key");
        }
        return claims;
    }

    /** @return the keys accounts may be issued by: the signing keys, and the operator's own unless strict */
    List<String> trustedKeys() {
        if (strictSigningKeyUsage) {
            return signingKeys;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(common.subject()), signingKeys.stream())
                .toList();
    }
}
