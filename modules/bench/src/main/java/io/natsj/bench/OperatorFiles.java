package io.natsj.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Writes a minimal operator-mode set-up for {@code --make-operator}: an operator, one account
 * it signs and one user of that account. {@code server.conf} (operator JWT inline, a memory
 * resolver preloaded with the account) reads the same in natsj and nats-server, and
 * {@code user.creds} is what {@code --creds} presents, so a connection benchmark measures each
 * server verifying a user JWT chain and a nonce signature.
 */
final class OperatorFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = b64("{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}");

    private OperatorFiles() {
    }

    static void write(Path dir) throws IOException, GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        NKey operator = NKey.createOperator(random);
        NKey account = NKey.createAccount(random);
        NKey user = NKey.createUser(random);
        String operatorKey = new String(operator.getPublicKey());
        String accountKey = new String(account.getPublicKey());
        String operatorJwt = sign(operator, claims("operator", operatorKey, "bench-operator"));
        ObjectNode accountClaims = claims("account", accountKey, "BENCH");
        ObjectNode limits = ((ObjectNode) accountClaims.get("nats")).putObject("limits");
        // Unlimited, as nsc writes a new account's limits.
        for (String field : new String[] {"subs", "data", "payload", "imports", "exports", "conn", "leaf"}) {
            limits.put(field, -1);
        }
        limits.put("wildcards", true);
        String accountJwt = sign(operator, accountClaims);
        String userJwt = JwtUtils.issueUserJWT(account, accountKey, new String(user.getPublicKey()), "bench-user");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.conf"), """
                operator: %s
                resolver: MEMORY
                resolver_preload: {
                  %s: %s
                }
                """.formatted(operatorJwt, accountKey, accountJwt));
        Files.writeString(dir.resolve("user.creds"), """
                -----BEGIN NATS USER JWT-----
                %s
                ------END NATS USER JWT------

                -----BEGIN USER NKEY SEED-----
                %s
                ------END USER NKEY SEED------
                """.formatted(userJwt, new String(user.getSeed())));
    }

    private static ObjectNode claims(String type, String subject, String name) {
        ObjectNode c = JSON.createObjectNode();
        c.put("jti", "B" + System.nanoTime());
        c.put("iat", System.currentTimeMillis() / 1000);
        c.put("sub", subject);
        c.put("name", name);
        ObjectNode nats = c.putObject("nats");
        nats.put("type", type);
        nats.put("version", 2);
        return c;
    }

    private static String sign(NKey signer, ObjectNode claims) throws IOException, GeneralSecurityException {
        claims.put("iss", new String(signer.getPublicKey()));
        String signed = HEADER + "." + b64(claims.toString());
        return signed + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(signer.sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
