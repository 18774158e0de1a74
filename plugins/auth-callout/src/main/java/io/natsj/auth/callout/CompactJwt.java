package io.natsj.auth.callout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * NATS JWTs ({@code header.claims.signature}, base64url without padding, Ed25519 signatures
 * by NKeys, header {@code {"typ":"JWT","alg":"ed25519-nkey"}}) as the authorization request,
 * the authorization response and the user JWT it carries are written.
 */
final class CompactJwt {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final String HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));

    private CompactJwt() {
    }

    /**
     * Encodes claims, filling {@code jti} (the SHA-256 of the claims, as nats' library names
     * them; hex here, as only uniqueness matters) and signing them.
     *
     * @param claims the claims, {@code iss} included
     * @param signer signs the bytes of {@code header.claims}
     * @return the JWT
     */
    static String encode(ObjectNode claims, Function<byte[], byte[]> signer) {
        try {
            claims.put("jti", "");
            byte[] unsigned = JSON.writeValueAsBytes(claims);
            claims.put("jti", HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(unsigned)));
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims));
            String signingInput = HEADER + "." + body;
            byte[] signature = signer.apply(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (java.io.IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot encode JWT claims", e);
        }
    }

    /**
     * Decodes a JWT and checks that its {@code iss} signed it.
     *
     * @param jwt the JWT text
     * @param what what it is, for error messages
     * @return the claims
     * @throws CalloutException when it is malformed or the signature does not verify
     */
    static JsonNode decodeVerified(String jwt, String what) throws CalloutException {
        String[] parts = jwt.trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new CalloutException(what + ": expected a JWT of 3 parts");
        }
        JsonNode claims;
        byte[] signature;
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"ed25519-nkey".equals(header.path("alg").asText()) && !"ed25519".equals(header.path("alg").asText())) {
                throw new CalloutException(what + ": unexpected algorithm " + header.path("alg"));
            }
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CalloutException(what + ": cannot decode: " + e.getMessage());
        }
        if (claims == null || !claims.isObject()) {
            throw new CalloutException(what + ": claims are not a JSON object");
        }
        String issuer = claims.path("iss").asText("");
        boolean valid;
        try {
            valid = NKey.verify(issuer, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
        } catch (NKeyException | IllegalArgumentException e) {
            throw new CalloutException(what + ": bad issuer \"" + issuer + "\"");
        }
        if (!valid) {
            throw new CalloutException(what + ": claim failed V2 signature verification");
        }
        return claims;
    }
}
