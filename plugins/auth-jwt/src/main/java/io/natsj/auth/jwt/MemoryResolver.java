package io.natsj.auth.jwt;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code resolver: MEMORY}: the account JWTs of {@code resolver_preload}, held in memory (and
 * those pushed later, once claim updates are served).
 */
final class MemoryResolver implements AccountResolver {

    private final Map<String, String> jwts = new ConcurrentHashMap<>();

    @Override
    public Optional<String> fetch(String account) {
        return Optional.ofNullable(jwts.get(account));
    }

    @Override
    public void store(String account, String jwt) {
        jwts.put(account, jwt);
    }

    @Override
    public String toString() {
        return "MemoryResolver[" + jwts.size() + " accounts]";
    }
}
