package io.natsj.auth.jwt;

import io.natsj.spi.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * recently used in memory (nats-server's default 1000). A JWT is read from its file on the
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

    /**
     * @param dir the directory, created when missing as nats-server creates it
     * @param cache true for {@code type: cache}
     * @param limit how many accounts a cache keeps, at least 1
     * @param allowDelete {@code allow_delete}: {@code $SYS.REQ.CLAIMS.DELETE} renames a deleted
     *        account's file to {@code <key>.jwt.deleted}, as nats-server does
     * @throws PluginException when the directory cannot be created
     */
    DirResolver(Path dir, boolean cache, long limit, boolean allowDelete) {
        this.dir = dir;
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
