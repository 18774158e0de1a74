package io.natsj.tests.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.support.ServerUnderTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Several accounts of one {@link Operator}, with exports, imports, activation tokens and
 * JetStream limits in their JWTs, preloaded into a {@code MEMORY} resolver that both servers
 * read.
 */
public final class JwtAccounts {

    private static final Duration WAIT = Duration.ofSeconds(4);

    final Operator op;
    private final Map<String, String> jwts = new LinkedHashMap<>();

    /** @param dir where creds files are written */
    public JwtAccounts(Path dir) {
        this.op = new Operator(dir);
        jwts.put(op.system.publicKey(), op.accountJwts().get(op.system.publicKey()));
    }

    /** Adds (or replaces) an account whose claims {@code edit} fills in; returns its key. */
    public NKey account(NKey key, Consumer<ObjectNode> edit) {
        jwts.put(key.publicKey(), jwt(key, edit));
        return key;
    }

    /** @return an account JWT signed by the operator */
    public String jwt(NKey key, Consumer<ObjectNode> edit) {
        ObjectNode claims = Operator.accountClaims(key);
        edit.accept(Jwts.nats(claims));
        return Jwts.sign(op.operator, claims);
    }

    /** @return the system account's key */
    public NKey system() {
        return op.system;
    }

    /** @return the system account's JWT */
    public String systemJwt() {
        return jwts.get(op.system.publicKey());
    }

    /** @return the operator and system account lines of a configuration, without a resolver */
    public String operatorConfig() {
        return op.operatorConfig();
    }

    /** @return a {@code resolver_preload} block of the given account JWTs */
    public static String preload(Map<String, String> jwts) {
        return Operator.preload(jwts);
    }

    /** @return a new account key */
    public static NKey newAccount() {
        return NKey.create(NKeyType.ACCOUNT);
    }

    /** @return the configuration: operator, system account, memory resolver with every account */
    public String config() {
        return op.operatorConfig() + "resolver: MEMORY\n" + Operator.preload(jwts);
    }

    public static ObjectNode export(ObjectNode nats, String type, String subject) {
        ArrayNode list = nats.has("exports") ? (ArrayNode) nats.get("exports") : nats.putArray("exports");
        return list.addObject().put("name", subject).put("subject", subject).put("type", type);
    }

    public static ObjectNode importOf(ObjectNode nats, String type, NKey from, String subject) {
        ArrayNode list = nats.has("imports") ? (ArrayNode) nats.get("imports") : nats.putArray("imports");
        return list.addObject().put("name", subject).put("subject", subject).put("account", from.publicKey())
                .put("type", type);
    }

    /**
     * An activation token, as {@code nsc generate activation} writes one.
     *
     * @param exporter the exporting account, which signs it
     * @param importer the account allowed to import
     * @param type {@code stream} or {@code service}
     * @param subject the subject it allows
     * @param expires Unix time it expires, 0 for never
     */
    static String activation(NKey exporter, NKey importer, String type, String subject, long expires) {
        ObjectNode claims = Jwts.claims("activation", importer.publicKey());
        if (expires != 0) {
            claims.put("exp", expires);
        }
        Jwts.nats(claims).put("subject", subject).put("kind", type);
        return Jwts.sign(exporter, claims);
    }

    /**
     * @return the configuration with a {@code full} directory resolver in {@code dir}, every
     *         account preloaded into it (each server of a cluster has a directory of its own)
     */
    public String fullResolverConfig(Path dir) {
        return op.operatorConfig() + "resolver: { type: full, dir: \"" + dir + "\" }\n" + Operator.preload(jwts);
    }

    /**
     * @param url a server's client URL
     * @param account the account of the new user
     * @return a connection of a new user of the account (no reconnect)
     */
    public Connection connect(String url, NKey account) throws Exception {
        NKey user = NKey.create(NKeyType.USER);
        Path creds = op.creds(user, op.userJwt(user, new JwtUtils.UserClaim(null), account));
        return Nats.connect(new Options.Builder().server(url).connectionTimeout(WAIT).noReconnect()
                .authHandler(Nats.credentials(creds.toString())).build());
    }

    /** @return a connection of a new user of the account */
    Connection connect(ServerUnderTest server, NKey account) throws Exception {
        return connect(server, account, WAIT);
    }

    /**
     * @param timeout how long to wait (jnats waits out its timeout after an
     *        {@code Authorization Violation}, so refusals are checked with a short one)
     * @return a connection of a new user of the account
     */
    Connection connect(ServerUnderTest server, NKey account, Duration timeout) throws Exception {
        NKey user = NKey.create(NKeyType.USER);
        Path creds = op.creds(user, op.userJwt(user, new JwtUtils.UserClaim(null), account));
        return Nats.connect(new Options.Builder().server(server.clientUrl()).connectionTimeout(timeout).noReconnect()
                .authHandler(Nats.credentials(creds.toString())).build());
    }

    /** @return the reply's text, or null when the request gets none (no responders or timeout) */
    public static String ask(Connection nc, String subject, Duration wait) {
        try {
            Message m = nc.request(subject, "q".getBytes(StandardCharsets.UTF_8), wait);
            return m == null || m.isStatusMessage() ? null : new String(m.getData(), StandardCharsets.UTF_8);
        } catch (Exception noReply) {
            return null;
        }
    }

    /** Answers every request on {@code subject} with {@code answer}. */
    public static void serve(Connection nc, String subject, String answer) throws Exception {
        nc.createDispatcher(m -> nc.publish(m.getReplyTo(), answer.getBytes(StandardCharsets.UTF_8)))
                .subscribe(subject);
        nc.flush(WAIT);
    }
}
