package io.natsj.topology.routes;

import java.nio.charset.StandardCharsets;
/**
 * Route pooling as nats-server 2.10 agrees it: both ends advertise the same
 * {@code route_pool_size} N &gt; 1, keep N connections per peer, and send an account's RS+/RS-/RMSG
 * only on the connection whose index is {@code fnv32a(account name) % N} (2.10's
 * {@code computeRoutePoolIdx}: FNV-1a, 32 bits, over the name's bytes).
 */
final class RoutePool {

    /** FNV-1a 32-bit offset basis and prime. */
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private RoutePool() {
    }

    /**
     * @param bytes the bytes to hash
     * @return FNV-1a 32-bit hash, as an unsigned value
     */
    static long fnv32a(byte[] bytes) {
        int h = FNV_OFFSET;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return Integer.toUnsignedLong(h);
    }

    /**
     * @param account the account's name
     * @param poolSize the agreed pool size
     * @return the index of the pool connection carrying the account; 0 when the size is 1 or less
     */
    static int index(String account, int poolSize) {
        if (poolSize <= 1) {
            return 0;
        }
        return (int) (fnv32a(account.getBytes(StandardCharsets.UTF_8)) % poolSize);
    }

    /**
     * @param configured {@code cluster.pool_size}
     * @return the size natsj advertises in route INFO: the configured one when greater than 1, else 0 (not sent)
     */
    static int advertised(int configured) {
        return configured > 1 ? configured : 0;
    }
}
