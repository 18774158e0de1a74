package io.natsj.kernel.subject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import io.natsj.kernel.client.Subscriber;

/**
 * The subscriptions of one account, as a trie of subject tokens.
 *
 * <p>Readers ({@link #match(String)}) take no lock: nodes hold their children in concurrent
 * maps and their subscriptions in arrays replaced whole on change. Writers (SUB, UNSUB, close)
 * serialise on this index's own monitor, which is not on the publish path. Every change bumps
 * {@link #generation()}, so that the per-connection {@link MatchCache}s know their entries are
 * stale without being told one by one.
 */
public final class SubjectIndex {

    private static final Subscription[] NONE = new Subscription[0];
    private static final Subscription[][] NO_GROUPS = new Subscription[0][];

    private final Node root = new Node(null, null);
    private volatile InterestTracker tracker;
    private final InterestWatches watches = new InterestWatches(this); // guarded by this
    private volatile long generation;
    private int count;
    private long inserts; // guarded by this
    private long removes; // guarded by this
    private final LongAdder directMatches = new LongAdder();
    private long retiredLookups; // guarded by this: lookups of match caches now closed
    private long retiredHits; // guarded by this

    /** @return a number that changes whenever a subscription is added or removed */
    public long generation() {
        return generation;
    }

    /** @return the number of subscriptions held */
    public synchronized int count() {
        return count;
    }

    /**
     * @param sub the subscription to add; its subject must be valid
     */
    public synchronized void insert(Subscription sub) {
        Node node = root;
        for (String token : tokens(sub.subject())) {
            node = node.childFor(token);
        }
        if (sub.queue() == null) {
            node.plain = append(node.plain, sub);
        } else {
            Map<String, Subscription[]> queues = new LinkedHashMap<>(node.queues);
            queues.merge(sub.queue(), new Subscription[] {sub}, SubjectIndex::concat);
            node.queues = queues;
        }
        count++;
        inserts++;
        generation++;
        InterestTracker t = tracker;
        if (t != null) {
            t.added(sub);
        }
        watches.changed(sub);
    }

    /**
     * Watches local interest in a literal subject: the listener is told at once whether a local
     * subscriber (not a peer's, not {@code ignored}'s) reaches it, then each time that changes,
     * on the thread that changed it and under this index's monitor.
     *
     * @param subject a literal subject
     * @param ignored a subscriber whose own subscriptions do not count (the watching client)
     * @param listener told {@code true} when interest appears and {@code false} when it goes
     * @return ends the watch: the listener hears nothing more once it returns
     */
    public synchronized Runnable watch(String subject, Subscriber ignored, Consumer<Boolean> listener) {
        InterestWatches.Watch w = new InterestWatches.Watch(subject, ignored, listener::accept);
        watches.add(w);
        return () -> {
            synchronized (this) {
                watches.remove(w);
            }
        };
    }

    /**
     * Reports every later insert and remove to a tracker of interest for peers.
     *
     * @param tracker the account's tracker
     */
    public synchronized void track(InterestTracker tracker) {
        for (Subscription sub : all()) {
            tracker.added(sub);
        }
        this.tracker = tracker;
    }

    /**
     * @param sub the subscription to remove
     * @return true when it was held
     */
    public synchronized boolean remove(Subscription sub) {
        Node node = root;
        for (String token : tokens(sub.subject())) {
            node = node.existingChild(token);
            if (node == null) {
                return false;
            }
        }
        boolean removed;
        if (sub.queue() == null) {
            Subscription[] left = without(node.plain, sub);
            removed = left != node.plain;
            node.plain = left;
        } else {
            Subscription[] members = node.queues.get(sub.queue());
            Subscription[] left = members == null ? null : without(members, sub);
            removed = members != null && left != members;
            if (removed) {
                Map<String, Subscription[]> queues = new LinkedHashMap<>(node.queues);
                if (left.length == 0) {
                    queues.remove(sub.queue());
                } else {
                    queues.put(sub.queue(), left);
                }
                node.queues = queues.isEmpty() ? Map.of() : queues;
            }
        }
        if (removed) {
            count--;
            removes++;
            generation++;
            prune(node);
            InterestTracker t = tracker;
            if (t != null) {
                t.removed(sub);
            }
            watches.changed(sub);
        }
        return removed;
    }

    /**
     * Finds every subscription a literal subject reaches. Allocates; callers on the publish
     * path go through a {@link MatchCache} first.
     *
     * @param subject a literal subject
     * @return the matching subscriptions
     */
    public MatchResult match(String subject) {
        directMatches.increment();
        return walk(subject);
    }

    /** The trie walk itself; a {@link MatchCache} counts its own lookups. */
    MatchResult walk(String subject) {
        String[] tokens = tokens(subject);
        for (String t : tokens) {
            if (t.isEmpty()) {
                return MatchResult.EMPTY; // "foo..bar" reaches nobody, as in nats-server
            }
        }
        Collector found = new Collector();
        collect(root, tokens, 0, found);
        return found.result();
    }

    /**
     * What a walk finds. Most subjects reach the plain subscriptions of one node (a reply
     * inbox, a stream's subjects): that node's array is the result as it is, without a list
     * or a map; both are made only when a second node or a queue group adds to it.
     */
    private static final class Collector {
        private Subscription[] only = NONE;
        private List<Subscription> plain;
        private Map<String, List<Subscription>> queues;

        void add(Node node) {
            Subscription[] subs = node.plain;
            if (subs.length > 0) {
                if (plain == null && only.length == 0) {
                    only = subs; // copied on write by the index, so never changed after this read
                } else {
                    if (plain == null) {
                        plain = new ArrayList<>(Arrays.asList(only));
                    }
                    plain.addAll(Arrays.asList(subs));
                }
            }
            Map<String, Subscription[]> groups = node.queues;
            if (!groups.isEmpty()) {
                if (queues == null) {
                    queues = new LinkedHashMap<>();
                }
                for (Map.Entry<String, Subscription[]> e : groups.entrySet()) {
                    queues.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(Arrays.asList(e.getValue()));
                }
            }
        }

        MatchResult result() {
            Subscription[] all = plain == null ? only : plain.toArray(NONE);
            if (queues == null) {
                return all.length == 0 ? MatchResult.EMPTY : new MatchResult(all, NO_GROUPS);
            }
            Subscription[][] groups = new Subscription[queues.size()][];
            int i = 0;
            for (List<Subscription> members : queues.values()) {
                groups[i++] = members.toArray(NONE);
            }
            return new MatchResult(all, groups);
        }
    }

    private static void collect(Node node, String[] tokens, int i, Collector found) {
        if (i == tokens.length) {
            found.add(node);
            return;
        }
        Node full = node.fullWildcard; // '>' needs at least one more token
        if (full != null) {
            found.add(full);
        }
        Node literal = node.children.get(tokens[i]);
        if (literal != null) {
            collect(literal, tokens, i + 1, found);
        }
        Node single = node.singleWildcard;
        if (single != null) {
            collect(single, tokens, i + 1, found);
        }
    }

    /** @return subscriptions inserted since start */
    public synchronized long inserts() {
        return inserts;
    }

    /** @return subscriptions removed since start */
    public synchronized long removes() {
        return removes;
    }

    /** @return matches asked of the index directly, not through a {@link MatchCache} */
    public long directMatches() {
        return directMatches.sum();
    }

    /** @return lookups made by match caches that are closed */
    public synchronized long retiredLookups() {
        return retiredLookups;
    }

    /** @return cache hits of match caches that are closed */
    public synchronized long retiredHits() {
        return retiredHits;
    }

    synchronized void retire(long lookups, long hits) {
        retiredLookups += lookups;
        retiredHits += hits;
    }

    /**
     * Lists every subscription, for monitoring.
     *
     * @return a snapshot
     */
    public synchronized List<Subscription> all() {
        List<Subscription> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Node node, List<Subscription> out) {
        out.addAll(Arrays.asList(node.plain));
        node.queues.values().forEach(members -> out.addAll(Arrays.asList(members)));
        node.children.values().forEach(child -> walk(child, out));
        if (node.singleWildcard != null) {
            walk(node.singleWildcard, out);
        }
        if (node.fullWildcard != null) {
            walk(node.fullWildcard, out);
        }
    }

    private void prune(Node node) {
        while (node != root && node.isEmpty()) {
            Node parent = node.parent;
            switch (node.token) {
                case "*" -> parent.singleWildcard = null;
                case ">" -> parent.fullWildcard = null;
                default -> parent.children.remove(node.token);
            }
            node = parent;
        }
    }

    /** @return the subject's tokens, empty ones included (as {@code split("\\.", -1)}, without its list) */
    static String[] tokens(String subject) {
        int n = 1;
        for (int i = 0; i < subject.length(); i++) {
            if (subject.charAt(i) == '.') {
                n++;
            }
        }
        String[] tokens = new String[n];
        int from = 0;
        for (int t = 0; t < n - 1; t++) {
            int dot = subject.indexOf('.', from);
            tokens[t] = subject.substring(from, dot);
            from = dot + 1;
        }
        tokens[n - 1] = subject.substring(from);
        return tokens;
    }

    private static Subscription[] append(Subscription[] subs, Subscription sub) {
        Subscription[] out = Arrays.copyOf(subs, subs.length + 1);
        out[subs.length] = sub;
        return out;
    }

    private static Subscription[] concat(Subscription[] a, Subscription[] b) {
        Subscription[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Subscription[] without(Subscription[] subs, Subscription sub) {
        for (int i = 0; i < subs.length; i++) {
            if (subs[i] == sub) {
                Subscription[] out = new Subscription[subs.length - 1];
                System.arraycopy(subs, 0, out, 0, i);
                System.arraycopy(subs, i + 1, out, i, subs.length - i - 1);
                return out;
            }
        }
        return subs;
    }

    /** One token level of the trie. Fields are volatile so lock-free readers see whole arrays. */
    private static final class Node {
        final Node parent;
        final String token;
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
        volatile Node singleWildcard;
        volatile Node fullWildcard;
        volatile Subscription[] plain = NONE;
        volatile Map<String, Subscription[]> queues = Map.of();

        Node(Node parent, String token) {
            this.parent = parent;
            this.token = token;
        }

        Node childFor(String t) {
            return switch (t) {
                case "*" -> singleWildcard != null ? singleWildcard : (singleWildcard = new Node(this, t));
                case ">" -> fullWildcard != null ? fullWildcard : (fullWildcard = new Node(this, t));
                default -> children.computeIfAbsent(t, k -> new Node(this, k));
            };
        }

        Node existingChild(String t) {
            return switch (t) {
                case "*" -> singleWildcard;
                case ">" -> fullWildcard;
                default -> children.get(t);
            };
        }

        boolean isEmpty() {
            return plain.length == 0 && queues.isEmpty() && children.isEmpty()
                    && singleWildcard == null && fullWildcard == null;
        }
    }
}
