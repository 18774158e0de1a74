package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * What an account's streams hold, in total and per tier, and the tier each stream is counted
 * in (nats-server's jsa.usage and mset.tier). A stream starts in {@code R1}, the only replica
 * count a single server creates; an update to other replicas moves it, with its bytes, only
 * when the account has limits for the new tier, as nats-server's stream update does (an update
 * to a tier without limits keeps it where it was). The tier decides which limits its messages
 * and consumers are held to and where account info counts it.
 */
final class TierUsage {

    /** Bytes held in one tier. */
    private record Used(AtomicLong memory, AtomicLong store) {
        Used() {
            this(new AtomicLong(), new AtomicLong());
        }

        AtomicLong of(boolean isMemory) {
            return isMemory ? memory : store;
        }
    }

    private static final String FIRST = AccountTiers.tierName(1);

    private final Used total = new Used();
    private final Map<String, Used> byTier = new ConcurrentHashMap<>();
    private final Map<Stream, String> tierOf = new ConcurrentHashMap<>();

    /** Counts a new (created, recovered or restored) stream and what it already holds in {@code R1}. */
    void add(Stream s) {
        tierOf.put(s, FIRST);
        usage(s, s.config().isMemory(), s.bytes());
    }

    /** Forgets a stream that was removed (its bytes already given back). */
    void remove(Stream s) {
        tierOf.remove(s);
    }

    /** @return the tier a stream is counted in; {@code R1} for null (a stream being restored) */
    String tier(Stream s) {
        return s == null ? FIRST : tierOf.getOrDefault(s, FIRST);
    }

    /** Adds (or with a negative delta removes) bytes a stream holds. */
    void usage(Stream s, boolean memory, long delta) {
        total.of(memory).addAndGet(delta);
        byTier.computeIfAbsent(tier(s), t -> new Used()).of(memory).addAndGet(delta);
    }

    /** @return the bytes all streams of a storage type hold */
    long used(boolean memory) {
        return total.of(memory).get();
    }

    /** @return the bytes the streams of a tier hold in a storage type */
    long used(String tier, boolean memory) {
        Used u = byTier.get(tier);
        return u == null ? 0 : u.of(memory).get();
    }

    /**
     * nats-server's limitsExceeded for a stream's tier: true when {@code size} more bytes go
     * over the limit of the tier (under default limits, of the whole account) for the storage,
     * or when the tier has no limits.
     *
     * @param s the stream, or null for one being restored
     */
    boolean exceeded(AccountTiers limits, Stream s, boolean memory, long size) {
        String tier = tier(s);
        AccountLimits l = limits.forTier(tier);
        if (l == null) {
            return true;
        }
        long max = memory ? l.maxMemory() : l.maxStore();
        long used = limits.tiered() ? used(tier, memory) : used(memory);
        return max >= 0 && used + size > max;
    }

    /**
     * After an update to {@code replicas}: moves the stream and its bytes to the tier of that
     * many replicas when the account has limits for it. On the stream's executor, where its
     * bytes change.
     */
    void updated(Stream s, AccountTiers limits, int replicas) {
        String target = AccountTiers.tierName(Math.max(1, replicas));
        String from = tier(s);
        if (from.equals(target) || !limits.limits().containsKey(target)) {
            return;
        }
        boolean memory = s.config().isMemory();
        long bytes = s.bytes();
        byTier.computeIfAbsent(from, t -> new Used()).of(memory).addAndGet(-bytes);
        tierOf.put(s, target);
        byTier.computeIfAbsent(target, t -> new Used()).of(memory).addAndGet(bytes);
    }

    /**
     * The {@code tiers} object of account info, as nats-server's JetStreamUsage builds it: every
     * tier with limits, every tier that holds bytes, and every tier a stream is counted in, each
     * with its bytes, streams and consumers (a tier without limits shows empty ones).
     *
     * @param limits the account's limits by tier
     * @param streams its streams
     * @param consumers how many consumers a stream has
     * @return the object
     */
    ObjectNode json(AccountTiers limits, Collection<Stream> streams, ToIntFunction<Stream> consumers) {
        Map<String, int[]> counts = new TreeMap<>();
        limits.limits().keySet().forEach(t -> counts.put(t, new int[2]));
        byTier.forEach((t, u) -> {
            if (u.memory.get() != 0 || u.store.get() != 0) {
                counts.putIfAbsent(t, new int[2]);
            }
        });
        for (Stream s : streams) {
            int[] c = counts.computeIfAbsent(tier(s), t -> new int[2]);
            c[0]++;
            c[1] += consumers.applyAsInt(s);
        }
        ObjectNode n = Json.object();
        counts.forEach((name, c) -> {
            ObjectNode t = n.putObject(name);
            t.put("memory", used(name, true));
            t.put("storage", used(name, false));
            t.put("streams", c[0]);
            t.put("consumers", c[1]);
            AccountLimits l = limits.limits().get(name);
            t.set("limits", (l == null ? AccountLimits.NONE : l).toJson());
        });
        return n;
    }
}
