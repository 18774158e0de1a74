package io.natsj.tests.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An operator with a system account and one application account, their JWTs, and the server
 * configuration (inline operator JWT, {@code resolver: MEMORY}, {@code resolver_preload}) that
 * both servers read.
 */
public final class Operator {

    final NKey operator = NKey.create(NKeyType.OPERATOR);
    final NKey system = NKey.create(NKeyType.ACCOUNT);
    public final NKey account = NKey.create(NKeyType.ACCOUNT);
    private final Map<String, String> accountJwts = new LinkedHashMap<>();
    private final Path dir;

    /** @param dir where creds files are written */
    public Operator(Path dir) {
        this.dir = dir;
        accountJwts.put(system.publicKey(), Jwts.sign(operator, accountClaims(system)));
        accountJwts.put(account.publicKey(), Jwts.sign(operator, accountClaims(account)));
    }

    /**
     * Account claims as {@code nsc add account} writes them: every limit unlimited (-1). An
     * account JWT without limits has them all at 0, and nats-server then admits no connection.
     */
    static ObjectNode accountClaims(NKey key) {
        ObjectNode claims = Jwts.claims("account", key.publicKey());
        ObjectNode limits = Jwts.nats(claims).putObject("limits");
        for (String l : new String[] {"subs", "data", "payload", "imports", "exports", "conn", "leaf"}) {
            limits.put(l, -1);
        }
        limits.put("wildcards", true);
        return claims;
    }

    /** Replaces the application account's JWT with one whose claims {@code edit} changes. */
    public Operator account(Consumer<ObjectNode> edit) {
        return account(account, edit);
    }

    /**
     * Adds (or replaces) an account of the operator, with unlimited limits and the claims
     * {@code edit} changes ({@code nats} is the object under {@code "nats"}).
     *
     * @param key the account's key
     * @param edit changes its claims
     * @return this
     */
    public Operator account(NKey key, Consumer<ObjectNode> edit) {
        ObjectNode claims = accountClaims(key);
        edit.accept(claims);
        accountJwts.put(key.publicKey(), Jwts.sign(operator, claims));
        return this;
    }

    /** @return the system account's key */
    public NKey system() {
        return system;
    }

    /**
     * @param key an account's key
     * @return its current JWT, as the configuration preloads it
     */
    public String accountJwt(NKey key) {
        return accountJwts.get(key.publicKey());
    }

    /** @return the server configuration, in the syntax both servers read */
    public String config() {
        return operatorConfig() + "resolver: MEMORY\n" + preload(accountJwts);
    }

    /** @return the operator and system account keys, without a resolver */
    String operatorConfig() {
        ObjectNode op = Jwts.claims("operator", operator.publicKey());
        Jwts.nats(op).put("system_account", system.publicKey());
        return "operator: \"" + Jwts.sign(operator, op) + "\"\nsystem_account: " + system.publicKey() + "\n";
    }

    /** @return a {@code resolver_preload} block of the given account JWTs */
    static String preload(Map<String, String> jwts) {
        StringBuilder sb = new StringBuilder("resolver_preload: {\n");
        jwts.forEach((k, v) -> sb.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        return sb.append("}\n").toString();
    }

    /** @return the account JWTs by account key: the system account's, then the application account's */
    Map<String, String> accountJwts() {
        return Map.copyOf(accountJwts);
    }

    /**
     * A user JWT of the application account, issued by jnats' {@code JwtUtils}.
     *
     * @param user the user's key
     * @param claim what the user is granted
     * @return the JWT
     */
    public String userJwt(NKey user, JwtUtils.UserClaim claim) {
        return userJwt(user, claim, account);
    }

    /**
     * @param user the user's key
     * @param claim what the user is granted ({@code issuer_account} is set to the issuer)
     * @param issuer the account key that issues it
     * @return the JWT
     */
    public String userJwt(NKey user, JwtUtils.UserClaim claim, NKey issuer) {
        claim.issuerAccount = issuer.publicKey();
        try {
            io.nats.client.NKey signer = io.nats.client.NKey.fromSeed(issuer.seed().toCharArray());
            return JwtUtils.issueUserJWT(signer, user.publicKey(), "user", Duration.ZERO,
                    System.currentTimeMillis() / 1000, claim);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the path of a creds file (user JWT and seed, decorated as nsc writes them)
     */
    public Path creds(NKey user, String jwt) {
        String text = "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + user.seed() + "\n------END USER NKEY SEED------\n";
        try {
            return Files.writeString(Files.createTempFile(dir, "user", ".creds"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
