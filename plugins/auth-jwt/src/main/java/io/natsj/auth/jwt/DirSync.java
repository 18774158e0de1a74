package io.natsj.auth.jwt;

import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A directory resolver's part in its cluster, on the system account, as nats-server 2.9.10's
 * {@code DirAccResolver} (and, for lookups and {@code ttl}, {@code CacheDirAccResolver}) does.
 * A {@code full} directory is kept in step with the other servers':
 * <ul>
 * <li>every {@code interval} it sends {@code $SYS.REQ.CLAIMS.PACK} with its directory's hash
 * (XOR of the JWTs' SHA-256); a server whose hash differs answers with its JWTs, one
 * {@code <account>|<jwt>} per message, then an empty message; each is stored unless the
 * directory holds a JWT as new (same {@code jti} or a later {@code iat});</li>
 * <li>it answers other servers' pack requests the same way;</li>
 * <li>a CONNECT whose account the directory lacks asks the cluster first,
 * {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP}, and waits up to {@code timeout} for the first
 * answer ({@link #lookup}); a {@code cache} does so too, and removes its files when their
 * {@code ttl} passes ({@link DirResolver#sweep}).</li>
 * </ul>
 * A JWT from another server is stored only when a trusted operator key issued it about the
 * account it is filed under. Updates pushed to one server ({@code $SYS.REQ.CLAIMS.UPDATE})
 * reach the others without this class: every server subscribes to them (see
 * {@link ClaimsService}).
 *
 * <p>Work runs on one thread of its own: handlers are called on event loops and a directory
 * write must not block one.
 */
final class DirSync implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.natsj.auth.jwt");
    static final String PACK = "$SYS.REQ.CLAIMS.PACK";
    private static final byte[] EMPTY = new byte[0];

    private final DirResolver dir;
    private final TrustedAccounts accounts;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("natsj-jwt-dirsync").factory());
    private final Map<String, CompletableFuture<Optional<String>>> lookups = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<String>>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong lookupIds = new AtomicLong();
    private final String inbox;
    private volatile InternalConnection connection;
    private volatile BiConsumer<String, AccountClaims> stored = (a, c) -> { };

    /**
     * @param dir the {@code full} directory
     * @param accounts the trusted keys JWTs from other servers are checked against
     */
    DirSync(DirResolver dir, TrustedAccounts accounts) {
        this.dir = dir;
        this.accounts = accounts;
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.inbox = "$SYS._INBOX." + HexFormat.of().formatHex(random);
    }

    /**
     * Subscribes the pack requests and this server's reply inboxes, and starts the periodic
     * pack request.
     *
     * @param conn the system account's internal connection
     * @param stored told of every JWT another server brought that changed the directory
     */
    void start(InternalConnection conn, BiConsumer<String, AccountClaims> stored) {
        this.stored = stored;
        this.connection = conn;
        conn.subscribe(inbox + ".lookup.*", null, m -> worker.execute(() -> lookedUp(m)));
        if (dir.full()) {
            // A plain subscription, not nats-server's queue group "responder": natsj prefers a
            // local queue member, so it would only ever answer its own requests.
            conn.subscribe(PACK, null, m -> worker.execute(() -> answerPack(m)));
            conn.subscribe(inbox + ".pack", null, m -> worker.execute(() -> merge(m.payload())));
            long every = dir.syncInterval().toMillis();
            worker.scheduleAtFixedRate(this::askPack, every, every, TimeUnit.MILLISECONDS);
        }
        if (!dir.ttl().isZero()) {
            // nats-server checks every half ttl, at least once a minute.
            long every = Math.max(1, Math.min(dir.ttl().toMillis() / 2, 60_000));
            worker.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        for (String account : dir.sweep()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cache resolver: ttl of " + account + " passed, file removed");
        }
    }

    /**
     * Asks the cluster for an account the directory lacks (nats-server's fetch): the first
     * trusted answer is stored.
     *
     * @param account an account public key
     * @return completes, on any thread (the answer's or the timer's, never the caller's), with
     *         the JWT, or empty when no server answered within {@code timeout}; a lookup of the
     *         same account already under way is shared
     */
    CompletableFuture<Optional<String>> lookup(String account) {
        InternalConnection conn = connection;
        if (conn == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        // One request per account at a time: every RS+ and RMSG of a route, and CONNECTs,
        // naming the account share it.
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        CompletableFuture<Optional<String>> running = inFlight.putIfAbsent(account, answer);
        if (running != null) {
            return running;
        }
        answer.whenComplete((jwt, e) -> inFlight.remove(account, answer));
        String id = Long.toString(lookupIds.incrementAndGet());
        lookups.put(id, answer);
        worker.schedule(() -> {
            if (lookups.remove(id) != null) {
                answer.complete(Optional.empty());
            }
        }, dir.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
        conn.publish("$SYS.REQ.ACCOUNT." + account + ".CLAIMS.LOOKUP", inbox + ".lookup." + id, null, EMPTY);
        return answer;
    }

    private void lookedUp(ServiceMessage m) {
        String id = m.subject().substring(m.subject().lastIndexOf('.') + 1);
        CompletableFuture<Optional<String>> answer = lookups.remove(id);
        if (answer == null) {
            return; // a later answer, or one after the timeout
        }
        String jwt = new String(m.payload(), StandardCharsets.UTF_8).strip();
        Optional<String> found = Optional.empty();
        try {
            AccountClaims claims = accounts.verifyUpdate(jwt);
            String account = claims.common().subject();
            if (dir.storeIfNewer(account, jwt)) {
                stored.accept(account, claims);
            }
            found = Optional.of(jwt);
        } catch (JwtException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "account lookup answer refused: " + e.getMessage());
        }
        answer.complete(found);
    }

    private void askPack() {
        InternalConnection conn = connection;
        try {
            conn.publish(PACK, inbox + ".pack", null, dir.hash());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "directory sync request failed: " + e);
        }
    }

    private void answerPack(ServiceMessage m) {
        String reply = m.reply();
        if (reply == null || reply.isEmpty() || reply.equals(inbox + ".pack")) {
            return;
        }
        if (!Arrays.equals(m.payload(), dir.hash())) {
            for (String line : dir.pack()) {
                connection.publish(reply, "", null, line.getBytes(StandardCharsets.UTF_8));
            }
        }
        connection.publish(reply, "", null, EMPTY);
    }

    /** nats-server's {@code Merge}: lines of {@code <account>|<jwt>}; an empty message ends a pack. */
    private void merge(byte[] payload) {
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\\|");
            if (parts.length != 2) {
                LOG.log(System.Logger.Level.WARNING, "directory sync: a line without 2 entries, pack ignored");
                return;
            }
            String account = parts[0];
            String jwt = parts[1].strip();
            try {
                AccountClaims claims = accounts.verifyUpdate(jwt);
                if (!claims.common().subject().equals(account)) {
                    throw new JwtException("jwt subject nkey and provided nkey do not match");
                }
                if (dir.storeIfNewer(account, jwt)) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "directory sync stored the JWT of " + account);
                    stored.accept(account, claims);
                }
            } catch (JwtException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "directory sync: JWT of " + account + " refused: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        lookups.values().forEach(f -> f.complete(Optional.empty()));
        lookups.clear();
    }
}
