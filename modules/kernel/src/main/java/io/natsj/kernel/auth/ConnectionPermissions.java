package io.natsj.kernel.auth;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.spi.auth.Permissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection's permissions, compiled from the user's {@link Permissions}: the checks on
 * PUB and SUB, the silent drop of messages on denied subjects for wildcard subscriptions, and
 * the responses the user may publish ({@code allow_responses}).
 *
 * <p>Publish decisions are cached per subject, so a publisher with permissions matches its
 * rules once per subject, not once per message.
 */
public final class ConnectionPermissions {

    private static final int CACHE_LIMIT = 1024;

    private final Permissions permissions;
    private final Map<String, Boolean> publishCache = new HashMap<>(); // owner's event loop only
    private final Map<String, Response> responses = new ConcurrentHashMap<>();

    private ConnectionPermissions(Permissions permissions) {
        this.permissions = permissions;
    }

    /**
     * @param permissions a user's permissions
     * @return the compiled checks, or null when nothing is restricted
     */
    public static ConnectionPermissions of(Permissions permissions) {
        return permissions == null || permissions.isUnrestricted() ? null : new ConnectionPermissions(permissions);
    }

    /**
     * @param subject a literal subject
     * @return true when the user may publish to it
     */
    public boolean canPublish(String subject) {
        Boolean cached = publishCache.get(subject);
        if (cached == null) {
            cached = allowedByRules(subject);
            if (publishCache.size() >= CACHE_LIMIT) {
                publishCache.clear();
            }
            publishCache.put(subject, cached);
        }
        return cached || mayRespond(subject);
    }

    private boolean allowedByRules(String subject) {
        Permissions.SubjectRules rules = permissions.publish();
        // With allow_responses and no allow list, nothing but responses may be published.
        boolean allowed = rules.allow().isEmpty() ? permissions.responses() == null : anyMatch(rules.allow(), subject);
        return allowed && !anyMatch(rules.deny(), subject);
    }

    private boolean mayRespond(String subject) {
        Response r = responses.get(subject);
        if (r == null) {
            return false;
        }
        if (r.expired()) {
            responses.remove(subject);
            return false;
        }
        if (r.take()) {
            return true;
        }
        responses.remove(subject);
        return false;
    }

    /**
     * @param subject the subscription subject
     * @param queue the queue group, or null
     * @return the {@code -ERR} text when refused, or null when allowed
     */
    public String subscribeViolation(String subject, String queue) {
        Permissions.SubjectRules rules = permissions.subscribe();
        boolean allowed = rules.allow().isEmpty() || rules.allow().stream().anyMatch(e -> entryAllows(e, subject, queue));
        if (allowed && rules.deny().stream().anyMatch(e -> entryAllows(e, subject, queue))) {
            allowed = false;
        }
        if (allowed) {
            return null;
        }
        return queue == null
                ? "Permissions Violation for Subscription to \"" + subject + "\""
                : "Permissions Violation for Subscription to \"" + subject + "\" using queue \"" + queue + "\"";
    }

    /** A rule entry is {@code subject} or {@code subject queue}; a queue entry covers that queue only. */
    private static boolean entryAllows(String entry, String subject, String queue) {
        int space = entry.indexOf(' ');
        String pattern = space < 0 ? entry : entry.substring(0, space);
        if (space >= 0) {
            String entryQueue = entry.substring(space + 1).trim();
            if (queue == null || !SubjectMatch.matches(entryQueue, queue)) {
                return false;
            }
        }
        return SubjectMatch.matches(pattern, subject) || pattern.equals(subject);
    }

    /** @return true when a wildcard subscription may still receive messages it must not see */
    public boolean hasSubscribeDeny() {
        return !permissions.subscribe().deny().isEmpty();
    }

    /**
     * @param subject a message's subject
     * @return true when the message must be dropped silently (a denied subject reached
     *         through a wildcard subscription)
     */
    public boolean deniedDelivery(String subject) {
        return anyMatch(permissions.subscribe().deny(), subject);
    }

    /** @return true when reply subjects of received requests must be remembered */
    public boolean tracksResponses() {
        return permissions.responses() != null;
    }

    /**
     * Remembers the reply subject of a request delivered to this user.
     *
     * @param reply the reply subject
     */
    public void requestReceived(String reply) {
        Permissions.ResponsePermission p = permissions.responses();
        long expires = p.expires().isZero() ? Long.MAX_VALUE : System.nanoTime() + p.expires().toNanos();
        responses.put(reply, new Response(p.maxMessages(), expires));
    }

    private static boolean anyMatch(List<String> patterns, String subject) {
        for (String p : patterns) {
            if (SubjectMatch.matches(p, subject)) {
                return true;
            }
        }
        return false;
    }

    /** A response the user may still publish. */
    private static final class Response {
        private int left;
        private final long expiresNanos;

        Response(int left, long expiresNanos) {
            this.left = left;
            this.expiresNanos = expiresNanos;
        }

        boolean expired() {
            return System.nanoTime() - expiresNanos > 0 && expiresNanos != Long.MAX_VALUE;
        }

        synchronized boolean take() {
            if (left <= 0) {
                return false;
            }
            left--;
            return true;
        }
    }
}
