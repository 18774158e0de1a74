package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The registered claims every NATS JWT carries.
 *
 * @param subject {@code sub}: the public key the claims are about
 * @param issuer {@code iss}: the public key that signed them
 * @param name {@code name}
 * @param issuedAt {@code iat}, Unix seconds
 * @param expires {@code exp}, Unix seconds, 0 for never
 * @param notBefore {@code nbf}, Unix seconds, 0 for no lower bound
 * @param id {@code jti}
 */
record CommonClaims(String subject, String issuer, String name, long issuedAt, long expires, long notBefore,
                    String id) {

    static CommonClaims read(JsonNode claims) throws JwtException {
        return new CommonClaims(JsonFields.text(claims, "sub"), JsonFields.text(claims, "iss"),
                JsonFields.text(claims, "name"), JsonFields.integer(claims, "iat"), JsonFields.integer(claims, "exp"),
                JsonFields.integer(claims, "nbf"), JsonFields.text(claims, "jti"));
    }

    /**
     * nats' time checks: expired once the current second is past {@code exp}, not valid while
     * before {@code nbf}.
     *
     * @param nowSeconds the current Unix time in seconds
     * @throws JwtException when the claims are expired or not yet valid
     */
    void checkTimes(long nowSeconds) throws JwtException {
        if (expires > 0 && nowSeconds > expires) {
            throw new JwtException("claim is expired");
        }
        if (notBefore > 0 && notBefore > nowSeconds) {
            throw new JwtException("claim is not yet valid");
        }
    }

    /** @return true when the claims are expired at {@code nowSeconds} */
    boolean expiredAt(long nowSeconds) {
        return expires > 0 && nowSeconds > expires;
    }
}
