package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.spi.auth.Permissions;
import java.time.Duration;
import java.util.List;

/**
 * The {@code pub}, {@code sub} and {@code resp} of a user JWT, a template or an account's
 * {@code default_permissions}.
 *
 * @param pubAllow {@code pub.allow}
 * @param pubDeny {@code pub.deny}
 * @param subAllow {@code sub.allow} (an entry may name a queue group after a space)
 * @param subDeny {@code sub.deny}
 * @param resp {@code resp}, or null
 */
record JwtPermissions(List<String> pubAllow, List<String> pubDeny, List<String> subAllow, List<String> subDeny,
                      Response resp) {

    /** No permissions set. */
    static final JwtPermissions NONE = new JwtPermissions(List.of(), List.of(), List.of(), List.of(), null);

    /**
     * {@code resp}: replies allowed per request received, for how long.
     *
     * @param max {@code max} (0: nats-server's default of 1)
     * @param ttlNanos {@code ttl} in nanoseconds, as Go's {@code time.Duration} is written
     *        (0: nats-server's default of 2 minutes)
     */
    record Response(long max, long ttlNanos) {
    }

    static JwtPermissions read(JsonNode node) throws JwtException {
        JsonNode pub = JsonFields.object(node, "pub");
        JsonNode sub = JsonFields.object(node, "sub");
        Response resp = null;
        JsonNode r = node.get("resp");
        if (!JsonFields.absent(r)) {
            if (!r.isObject()) {
                throw new JwtException("field \"resp\": expected an object");
            }
            resp = new Response(JsonFields.integer(r, "max"), JsonFields.integer(r, "ttl"));
        }
        return new JwtPermissions(JsonFields.strings(pub, "allow"), JsonFields.strings(pub, "deny"),
                JsonFields.strings(sub, "allow"), JsonFields.strings(sub, "deny"), resp);
    }

    /** @return true when no list and no {@code resp} is set */
    boolean isEmpty() {
        return pubAllow.isEmpty() && pubDeny.isEmpty() && subAllow.isEmpty() && subDeny.isEmpty() && resp == null;
    }

    /**
     * nats' checks of permission subjects: none empty, none with more than one space, and a
     * queue group (one space) only in subscribe entries.
     *
     * @throws JwtException naming the first bad subject
     */
    void validate() throws JwtException {
        for (List<String> list : List.of(pubAllow, pubDeny)) {
            for (String s : list) {
                check(s, false);
            }
        }
        for (List<String> list : List.of(subAllow, subDeny)) {
            for (String s : list) {
                check(s, true);
            }
        }
    }

    private static void check(String subject, boolean permitQueue) throws JwtException {
        String[] parts = subject.split(" ", -1);
        if (parts.length > 2) {
            throw new JwtException("Permission Subject \"" + subject + "\" contains too many spaces");
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new JwtException("subject cannot be empty");
            }
        }
        if (parts.length == 2 && !permitQueue) {
            throw new JwtException("Permission Subject \"" + subject + "\" is not allowed to contain queue");
        }
    }

    /**
     * @return the permissions the kernel enforces; {@link Permissions#ALL} when none is set
     */
    Permissions toSpi() {
        Permissions.ResponsePermission responses = null;
        if (resp != null) {
            int max = resp.max() == 0 ? Permissions.ResponsePermission.DEFAULT.maxMessages() : (int) resp.max();
            Duration ttl = resp.ttlNanos() == 0 ? Permissions.ResponsePermission.DEFAULT.expires()
                    : Duration.ofNanos(resp.ttlNanos());
            responses = new Permissions.ResponsePermission(max, ttl);
        }
        return new Permissions(new Permissions.SubjectRules(pubAllow, pubDeny),
                new Permissions.SubjectRules(subAllow, subDeny), responses);
    }
}
