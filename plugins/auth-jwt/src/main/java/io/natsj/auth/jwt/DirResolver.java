package io.natsj.auth.jwt;

import io.natsj.spi.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * nats-server's directory resolvers, {@code resolver: { type: full | cache, dir: ... }}: one
 * {@code <account public key>.jwt} file per account in {@code dir} (nats-server's unsharded
 * {@code DirJWTStore} layout, so the same directory serves both servers).
 *
 * <p>{@code full} keeps every account it has read; {@code cache} keeps the {@code limit} most
 * recently used in memory (nats-server's default 1000), and with a {@code ttl} removes each file
 * that long after it was written or read ({@link #sweep}). A JWT is read from its file on the
 * first lookup of its account and kept, as nats-server keeps a looked-up account: a file
 * changed behind the server's back is not noticed (claim updates are the way to change one).
 * Writes go to a temporary file renamed over the old one, so a reader never sees half a JWT.
 */
final class DirResolver implements AccountResolver {

    private static final String EXTENSION = ".jwt";

    private final Path dir;
    private final boolean cache;
    private final boolean allowDelete;
    private final Map<String, String> jwts;
    private final Duration syncInterval;
    private final Duration fetchTimeout;
    private Duration ttl = Duration.ZERO;
    /** For a cache with a {@code ttl}: when each file is removed (nanoTime), as nats-server tracks it. */
    private final Map<String, Long> fileExpiries = new java.util.HashMap<>();

    /**
     * @param dir the directory, created when missing as nats-server creates it
     * @param cache true for {@code type: cache}
     * @param limit how many accounts a cache keeps, at least 1
     * @param allowDelete {@code allow_delete}: {@code $SYS.REQ.CLAIMS.DELETE} renames a deleted
     *        account's file to {@code <key>.jwt.deleted}, as nats-server does
     * @param syncInterval {@code interval}: how often a {@code full} directory is compared with
     *        the cluster's ({@code $SYS.REQ.CLAIMS.PACK}); zero for nats-server's one minute
     * @param fetchTimeout {@code timeout}: how long a lookup of a missing account waits for
     *        another server's answer; zero for nats-server's 1.9 seconds
     * @throws PluginException when the directory cannot be created
     */
    DirResolver(Path dir, boolean cache, long limit, boolean allowDelete, Duration syncInterval, Duration fetchTimeout) {
        this.dir = dir;
        this.syncInterval = syncInterval.isZero() || syncInterval.isNegative() ? Duration.ofMinutes(1) : syncInterval;
        this.fetchTimeout = fetchTimeout.isZero() || fetchTimeout.isNegative() ? Duration.ofMillis(1900) : fetchTimeout;
        this.cache = cache;
        this.allowDelete = allowDelete;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PluginException("resolver: dir " + dir + " cannot be created: " + e.getMessage(), e);
        }
        int capacity = (int) Math.min(limit, Integer.MAX_VALUE);
        this.jwts = cache ? new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        } : new LinkedHashMap<>();
    }

    @Override
    public synchronized Optional<String> fetch(String account) {
        String jwt = jwts.get(account);
        if (jwt != null) {
            return Optional.of(jwt);
        }
        if (!validName(account)) {
            return Optional.empty();
        }
        try {
            jwt = Files.readString(dir.resolve(account + EXTENSION), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // An unreadable file is an unknown account, as nats-server's store reports it.
            return Optional.empty();
        }
        jwts.put(account, jwt);
        track(account);
        return Optional.of(jwt);
    }

    @Override
    public synchronized void store(String account, String jwt) {
        if (!validName(account)) {
            throw new IllegalArgumentException("not an account key: " + account);
        }
        Path target = dir.resolve(account + EXTENSION);
        try {
            Path tmp = Files.createTempFile(dir, account, ".tmp");
            Files.writeString(tmp, jwt, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PluginException("resolver: cannot write " + target + ": " + e.getMessage(), e);
        }
        jwts.put(account, jwt);
        track(account);
    }

    /**
     * nats-server's {@code saveIfNewer}: stores the JWT unless the directory holds one with
     * the same {@code jti} or a later {@code iat} (what a cluster's directory sync and lookups
     * use, so that an older JWT never replaces a newer one).
     *
     * @param account an account public key
     * @param jwt its JWT
     * @return true when the directory changed
     */
    synchronized boolean storeIfNewer(String account, String jwt) {
        Optional<String> existing = fetch(account);
        if (existing.isPresent()) {
            if (existing.get().equals(jwt)) {
                return false;
            }
            try {
                CommonClaims old = JwtDecoder.decode(existing.get(), JwtDecoder.Kind.GENERIC).common();
                CommonClaims offered = JwtDecoder.decode(jwt, JwtDecoder.Kind.GENERIC).common();
                if (old.id().equals(offered.id()) || old.issuedAt() > offered.issuedAt()) {
                    return false;
                }
            } catch (JwtException e) {
                // An undecodable JWT on disk is replaced, as nats-server skips the comparison.
            }
        }
        store(account, jwt);
        return true;
    }

    /**
     * nats-server's directory hash: the XOR of the SHA-256 of every account JWT held, so two
     * directories holding the same JWTs have the same hash whatever the order.
     *
     * @return the 32-byte hash
     */
    synchronized byte[] hash() {
        byte[] hash = new byte[32];
        for (String account : list()) {
            try {
                byte[] sum = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(dir.resolve(account + EXTENSION)));
                for (int i = 0; i < hash.length; i++) {
                    hash[i] ^= sum[i];
                }
            } catch (IOException e) {
                // Gone since it was listed (deleted): not held.
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hash;
    }

    /** @return every JWT held as nats-server's pack lines, {@code <account>|<jwt>} */
    synchronized List<String> pack() {
        List<String> lines = new java.util.ArrayList<>();
        for (String account : list()) {
            try {
                lines.add(account + "|" + Files.readString(dir.resolve(account + EXTENSION), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                // Gone since it was listed.
            }
        }
        return lines;
    }

    /**
     * A cache's {@code ttl}: a JWT's file is removed {@code ttl} after it was written or last
     * read from the directory (nats-server's expiring store). The account stays in use as it
     * is (nats-server keeps the registered account); the next server to need it fetches it from
     * the cluster again.
     *
     * @param ttl the time to live, zero for none
     * @return this resolver
     */
    DirResolver withTtl(Duration ttl) {
        this.ttl = ttl;
        return this;
    }

    /** @return the cache's {@code ttl}, zero when files are kept */
    Duration ttl() {
        return ttl;
    }

    /**
     * Removes the files whose {@code ttl} has passed.
     *
     * @return the accounts whose files were removed
     */
    synchronized List<String> sweep() {
        long now = System.nanoTime();
        List<String> removed = new java.util.ArrayList<>();
        for (var it = fileExpiries.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue() - now <= 0) {
                it.remove();
                try {
                    Files.deleteIfExists(dir.resolve(e.getKey() + EXTENSION));
                    removed.add(e.getKey());
                } catch (IOException ex) {
                    // Tried again at the next sweep only if it is written again.
                }
            }
        }
        return removed;
    }

    private void track(String account) {
        if (!ttl.isZero()) {
            fileExpiries.put(account, System.nanoTime() + ttl.toNanos());
        }
    }

    /** @return how often a full directory is compared with the cluster's */
    Duration syncInterval() {
        return syncInterval;
    }

    /** @return how long a lookup from the cluster waits */
    Duration fetchTimeout() {
        return fetchTimeout;
    }

    /** @return true for {@code type: full}, the resolver that syncs with the cluster */
    boolean full() {
        return !cache;
    }

    @Override
    public boolean tracksUpdates() {
        return true;
    }

    @Override
    public synchronized List<String> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(EXTENSION))
                    .map(n -> n.substring(0, n.length() - EXTENSION.length()))
                    .filter(DirResolver::validName)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.copyOf(jwts.keySet());
        }
    }

    @Override
    public synchronized boolean delete(String account) {
        if (!validName(account)) {
            return false;
        }
        jwts.remove(account);
        try {
            Files.move(dir.resolve(account + EXTENSION), dir.resolve(account + EXTENSION + ".deleted"),
                    StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean allowsDelete() {
        return allowDelete;
    }

    /** Keeps a key from naming a file outside the directory: account keys are base32 only. */
    private static boolean validName(String account) {
        if (account.isEmpty() || account.length() > 64) {
            return false;
        }
        for (int i = 0; i < account.length(); i++) {
            char c = account.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '2' && c <= '7')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DirResolver[" + (cache ? "cache " : "full ") + dir + "]";
    }
}
