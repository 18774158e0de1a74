package io.natsj.spi.topology.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer's interest (RS+/LS+, queue weights) in accounts the server is still looking up
 * ({@link io.natsj.spi.topology.LocalServer#resolveAccountLater}), held until the account
 * arrives or the lookup fails. RS- cancels what it names; a queue group's later weight
 * replaces the earlier. Bounded, since a peer chooses the names: at most {@link #MAX_ACCOUNTS}
 * accounts waiting and {@link #MAX_ENTRIES} interests across them per session; what does not
 * fit is counted, dropped and reported when the account's lookup ends. Used on the
 * connection's event loop only.
 */
final class PendingInterest {

    /** Accounts one session may wait for at once. */
    static final int MAX_ACCOUNTS = 64;
    /** Interests one session may hold for them. */
    static final int MAX_ENTRIES = 4096;

    /** One held interest. */
    record Entry(String subject, String queue, int weight) {
    }

    /** What waits for one account. */
    static final class Waiting {
        final Map<String, Entry> entries = new LinkedHashMap<>();
        int dropped;
    }

    private final Map<String, Waiting> accounts = new HashMap<>();
    private int size;

    /**
     * @param account an account name
     * @return true while a lookup of the account is under way for this session
     */
    boolean waiting(String account) {
        return accounts.containsKey(account);
    }

    /**
     * Starts waiting for an account.
     *
     * @param account an account name no lookup of this session waits for yet
     * @return false when the session already waits for {@link #MAX_ACCOUNTS} accounts (then
     *         nothing is held for it)
     */
    boolean start(String account) {
        if (accounts.size() >= MAX_ACCOUNTS) {
            return false;
        }
        accounts.put(account, new Waiting());
        return true;
    }

    /**
     * RS+ for an account waited for: held, replacing an earlier weight of the same key.
     *
     * @param account an account {@link #waiting} for
     * @param key the interest's key ({@code "acc subject[ queue]"})
     * @param subject the subject
     * @param queue the queue group, or null
     * @param weight the queue weight
     */
    void add(String account, String key, String subject, String queue, int weight) {
        Waiting w = accounts.get(account);
        Entry old = w.entries.get(key);
        if (old == null && size >= MAX_ENTRIES) {
            w.dropped++;
            return;
        }
        w.entries.put(key, new Entry(subject, queue, weight));
        if (old == null) {
            size++;
        }
    }

    /**
     * RS- for an account waited for: the held interest goes.
     *
     * @param account an account {@link #waiting} for
     * @param key the interest's key
     * @return true when it was held
     */
    boolean remove(String account, String key) {
        if (accounts.get(account).entries.remove(key) != null) {
            size--;
            return true;
        }
        return false;
    }

    /**
     * The lookup ended: what was held for the account, in arrival order.
     *
     * @param account an account name
     * @return what waited, or null when nothing did (the session closed meanwhile)
     */
    Waiting finish(String account) {
        Waiting w = accounts.remove(account);
        if (w != null) {
            size -= w.entries.size();
        }
        return w;
    }

    /** @return the interests held now, keys to entries, for tests and monitoring */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        accounts.values().forEach(w -> keys.addAll(w.entries.keySet()));
        return keys;
    }

    /** The session closed: nothing more is held, and lookups that end find nothing. */
    void clear() {
        accounts.clear();
        size = 0;
    }
}
