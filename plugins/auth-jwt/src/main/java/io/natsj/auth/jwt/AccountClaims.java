package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account JWT's claims, as far as the server reads them to admit users.
 *
 * @param common the registered claims ({@code sub} is the account's public key)
 * @param signingKeys the keys that may issue users besides the account's own, with the scope
 *        of a scoped key (null for an unscoped one)
 * @param revocations revoked user keys (or {@code *} for all) with the time before which
 *        their JWTs are revoked
 * @param defaultPermissions what users without permissions of their own get
 * @param limits the account's limits
 * @param tags {@code tags}
 * @param exports {@code exports}
 * @param imports {@code imports}, not yet checked against their exporters
 * @param jetStream the {@code jetstream} block its JetStream limits give, or null when they
 *        do not enable JetStream
 * @param authorization its {@code authorization} section (auth callout)
 * @param jwt the token itself
 */
record AccountClaims(CommonClaims common, Map<String, UserScope> signingKeys, Map<String, Long> revocations,
                     JwtPermissions defaultPermissions, AccountLimits limits, List<String> tags,
                     List<JwtExport> exports, List<JwtImport> imports, Map<String, Object> jetStream,
                     AccountAuthorization authorization, String jwt) {

    /** The revocation key that revokes every user. */
    static final String ALL_USERS = "*";

    /**
     * @param token an account JWT
     * @return its claims, not yet checked against the trusted operators or the clock
     * @throws JwtException when it is malformed, not signed by its issuer, or not an account JWT
     */
    static AccountClaims decode(String token) throws JwtException {
        JwtDecoder.Decoded d = JwtDecoder.decode(token, JwtDecoder.Kind.ACCOUNT);
        JsonNode nats = d.nats();
        Map<String, Long> revocations = new HashMap<>();
        JsonNode rev = JsonFields.object(nats, "revocations");
        for (Map.Entry<String, JsonNode> e : rev.properties()) {
            if (!e.getValue().isIntegralNumber()) {
                throw new JwtException("field \"revocations\": expected Unix times");
            }
            revocations.put(e.getKey(), e.getValue().longValue());
        }
        JsonNode limits = JsonFields.object(nats, "limits");
        AccountClaims claims = new AccountClaims(d.common(), signingKeys(nats),
                Collections.unmodifiableMap(revocations),
                JwtPermissions.read(JsonFields.object(nats, "default_permissions")),
                AccountLimits.read(limits), JsonFields.strings(nats, "tags"),
                List.copyOf(JwtExport.read(nats)), List.copyOf(JwtImport.read(nats)),
                JetStreamClaims.read(limits), AccountAuthorization.read(nats), token);
        claims.validateKeys();
        return claims;
    }

    private static Map<String, UserScope> signingKeys(JsonNode nats) throws JwtException {
        Map<String, UserScope> keys = new LinkedHashMap<>();
        JsonNode sk = nats.get("signing_keys");
        if (JsonFields.absent(sk)) {
            return keys;
        }
        if (!sk.isArray()) {
            throw new JwtException("field \"signing_keys\": expected a list");
        }
        for (JsonNode k : sk) {
            if (k.isTextual()) {
                keys.put(k.textValue(), null);
            } else if (k.isObject()) {
                String kind = JsonFields.text(k, "kind");
                if (!kind.equals("user_scope")) {
                    throw new JwtException("unknown signing key scope \"" + kind + "\"");
                }
                String key = JsonFields.text(k, "key");
                keys.put(key, new UserScope(key, JsonFields.text(k, "role"),
                        UserLimits.read(JsonFields.object(k, "template"))));
            } else {
                throw new JwtException("field \"signing_keys\": expected keys or scopes");
            }
        }
        return keys;
    }

    /**
     * nats-server's verifyAccountClaims (the JWT library's Validate) for what it refuses an
     * account for beyond decoding: more imports or exports than its {@code limits} allow, an
     * import that is malformed or carries a token that is not about it, an export whose
     * {@code account_token_position} does not name one of its {@code *} tokens. Done when the account
     * is looked up, not when a preload is decoded (as there).
     *
     * @throws JwtException naming what is wrong
     */
    void validateImports() throws JwtException {
        if (limits.imports() >= 0 && imports.size() > limits.imports()) {
            throw new JwtException("the account contains more imports than allowed by the operator");
        }
        if (limits.exports() >= 0 && exports.size() > limits.exports()) {
            throw new JwtException("the account contains more exports than allowed by the operator");
        }
        for (JwtImport i : imports) {
            i.validate(common.subject());
        }
        for (JwtExport x : exports) {
            x.validate();
        }
    }

    private void validateKeys() throws JwtException {
        if (!NKey.isValidPublicKey(common.subject(), NKeyType.ACCOUNT)) {
            throw new JwtException("subject is not an account public key: " + common.subject());
        }
        for (Map.Entry<String, UserScope> e : signingKeys.entrySet()) {
            if (!NKey.isValidPublicKey(e.getKey(), NKeyType.ACCOUNT)) {
                throw new JwtException(e.getKey() + " is not an account public key");
            }
            if (e.getValue() != null) {
                e.getValue().template().validate();
            }
        }
        defaultPermissions.validate();
    }

    /**
     * @param issuer the issuer of a user JWT
     * @return true when it is the account itself or one of its signing keys
     */
    boolean hasIssuer(String issuer) {
        return issuer.equals(common.subject()) || signingKeys.containsKey(issuer);
    }

    /**
     * nats-server's revocation check: revoked when the key (or {@code *}) was revoked at or
     * after the JWT was issued.
     *
     * @param userKey a user's public key
     * @param issuedAt its JWT's {@code iat}
     * @return true when that JWT is revoked
     */
    boolean revoked(String userKey, long issuedAt) {
        if (revocations.isEmpty()) {
            return false;
        }
        Long t = revocations.get(userKey);
        if (t != null && t >= issuedAt) {
            return true;
        }
        Long all = revocations.get(ALL_USERS);
        return all != null && all >= issuedAt;
    }
}
