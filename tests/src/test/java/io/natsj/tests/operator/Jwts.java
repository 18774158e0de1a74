package io.natsj.tests.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.nkeys.NKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Issues operator and account JWTs (and raw user JWTs) as nats' JWT library encodes version
 * 2 claims: {@code {"typ":"JWT","alg":"ed25519-nkey"}}, the claims, and the issuer's Ed25519
 * signature of both, each unpadded base64url. User JWTs for jnats clients come from jnats'
 * own {@code JwtUtils}, an encoder written independently of this one.
 */
final class Jwts {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER =
            b64("{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));

    private Jwts() {
    }

    /** @return claims of the given type about {@code subject}, issued now */
    static ObjectNode claims(String type, String subject) {
        ObjectNode c = JSON.createObjectNode();
        c.put("jti", "J" + System.nanoTime());
        c.put("iat", System.currentTimeMillis() / 1000);
        c.put("sub", subject);
        c.put("name", type);
        ObjectNode nats = c.putObject("nats");
        nats.put("type", type);
        nats.put("version", 2);
        return c;
    }

    static ObjectNode nats(ObjectNode claims) {
        return (ObjectNode) claims.get("nats");
    }

    /** Signs the claims with {@code signer}, which becomes their issuer. */
    static String sign(NKey signer, ObjectNode claims) {
        claims.put("iss", signer.publicKey());
        return signRaw(signer, b64(claims.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Signs an encoded payload part as it is. */
    static String signRaw(NKey signer, String payloadPart) {
        String signed = HEADER + "." + payloadPart;
        return signed + "." + b64(signer.sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
