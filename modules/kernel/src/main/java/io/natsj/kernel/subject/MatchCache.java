package io.natsj.kernel.subject;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * One publishing connection's cache of recent match results, looked up by the subject's raw
 * bytes so that a hit allocates nothing. Owned by one connection and used only on its event
 * loop, so it needs no lock; an entry is trusted only while the index's generation is the one
 * it was computed under.
 */
public final class MatchCache {

    private static final int SIZE = 128; // power of two
    private static final int MAX_KEY = 256; // longer subjects are matched without caching

    private final SubjectIndex index;
    // Allocated on the first publish: most connections only subscribe, and this is ~3.5 KB.
    private byte[][] keys;
    private int[] hashes;
    private long[] generations;
    private MatchResult[] results;
    private long lookups;
    private long hits;

    /**
     * @param index the account's subscription index
     */
    public MatchCache(SubjectIndex index) {
        this.index = index;
    }

    /**
     * @param buf the bytes holding the subject
     * @param offset where the subject starts
     * @param length its length in bytes
     * @return the subscriptions the subject reaches
     */
    public MatchResult match(ByteBuf buf, int offset, int length) {
        lookups++;
        long generation = index.generation();
        if (length > MAX_KEY) {
            return index.walk(buf.toString(offset, length, StandardCharsets.UTF_8));
        }
        if (keys == null) {
            keys = new byte[SIZE][];
            hashes = new int[SIZE];
            generations = new long[SIZE];
            results = new MatchResult[SIZE];
        }
        int hash = hash(buf, offset, length);
        int slot = hash & (SIZE - 1);
        byte[] key = keys[slot];
        if (key != null && hashes[slot] == hash && generations[slot] == generation
                && equal(key, buf, offset, length)) {
            hits++;
            return results[slot];
        }
        byte[] subject = new byte[length];
        buf.getBytes(offset, subject);
        MatchResult result = index.walk(new String(subject, StandardCharsets.UTF_8));
        keys[slot] = subject;
        hashes[slot] = hash;
        generations[slot] = generation;
        results[slot] = result;
        return result;
    }

    /** @return subjects looked up (written by the owning connection only; read by monitoring) */
    public long lookups() {
        return lookups;
    }

    /** @return lookups answered from the cache */
    public long hits() {
        return hits;
    }

    /**
     * Visits the entries still valid, for monitoring (a racy but harmless read).
     *
     * @param visitor called with each valid result
     */
    public void forEachValid(java.util.function.Consumer<MatchResult> visitor) {
        MatchResult[] r = results;
        long[] g = generations;
        if (r == null || g == null) {
            return;
        }
        long generation = index.generation();
        for (int i = 0; i < r.length; i++) {
            MatchResult result = r[i];
            if (result != null && g[i] == generation) {
                visitor.accept(result);
            }
        }
    }

    /** Adds this cache's counts to the index's totals when its connection closes. */
    public void retire() {
        index.retire(lookups, hits);
    }

    private static int hash(ByteBuf buf, int offset, int length) {
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            h = (h ^ buf.getByte(offset + i)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equal(byte[] key, ByteBuf buf, int offset, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != buf.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }
}
