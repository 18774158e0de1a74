package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user JWT (or a scoped signing key's template) grants: nats' {@code UserPermissionLimits}.
 *
 * @param permissions pub/sub allow and deny lists, and {@code resp}
 * @param src CIDRs the user may connect from (empty: anywhere)
 * @param times daily ranges the user may connect in (empty: any time)
 * @param timesLocation the IANA zone of {@code times} (empty: the server's zone)
 * @param subs {@code subs} limit (-1 unlimited, 0 as written)
 * @param data {@code data} limit
 * @param payload {@code payload} limit
 * @param bearerToken true when the JWT alone authenticates (no nonce signature)
 * @param allowedConnectionTypes connection types the user may use (empty: all)
 */
record UserLimits(JwtPermissions permissions, List<String> src, List<TimeRange> times, String timesLocation,
                  long subs, long data, long payload, boolean bearerToken, List<String> allowedConnectionTypes) {

    /**
     * A {@code times} entry, {@code HH:MM:SS} each end.
     *
     * @param start the start of the range
     * @param end its end (before the start: the range crosses midnight)
     */
    record TimeRange(String start, String end) {
    }

    /**
     * @param node the object holding the fields (a user JWT's {@code nats}, a scope's {@code template})
     * @return the limits
     * @throws JwtException when a field has the wrong type
     */
    static UserLimits read(JsonNode node) throws JwtException {
        List<TimeRange> times = new ArrayList<>();
        JsonNode t = node.get("times");
        if (!JsonFields.absent(t)) {
            if (!t.isArray()) {
                throw new JwtException("field \"times\": expected a list");
            }
            for (JsonNode range : t) {
                if (!range.isObject()) {
                    throw new JwtException("field \"times\": expected {start, end} objects");
                }
                times.add(new TimeRange(JsonFields.text(range, "start"), JsonFields.text(range, "end")));
            }
        }
        return new UserLimits(JwtPermissions.read(node), JsonFields.cidrs(node, "src"), List.copyOf(times),
                JsonFields.text(node, "times_location"), JsonFields.integer(node, "subs"),
                JsonFields.integer(node, "data"), JsonFields.integer(node, "payload"),
                JsonFields.bool(node, "bearer_token"), JsonFields.strings(node, "allowed_connection_types"));
    }

    /**
     * nats' validation of the limits: valid CIDRs, well-formed time ranges, a known zone, and
     * valid permission subjects.
     *
     * @throws JwtException naming the first problem
     */
    void validate() throws JwtException {
        for (String cidr : src) {
            if (SourceAddresses.parse(cidr) == null) {
                throw new JwtException("invalid cidr \"" + cidr + "\" in user src limits");
            }
        }
        for (TimeRange range : times) {
            if (range.start().isEmpty()) {
                throw new JwtException("time ranges start must contain a start");
            }
            if (ConnectTimes.secondOfDay(range.start()) < 0) {
                throw new JwtException("start in time range is invalid \"" + range.start() + "\"");
            }
            if (range.end().isEmpty()) {
                throw new JwtException("time ranges end must contain an end");
            }
            if (ConnectTimes.secondOfDay(range.end()) < 0) {
                throw new JwtException("end in time range is invalid \"" + range.end() + "\"");
            }
        }
        if (!timesLocation.isEmpty()) {
            zone(timesLocation);
        }
        permissions.validate();
    }

    /**
     * @return true when nothing is set at all, as nats requires of users issued by a scoped
     *         signing key (whose template then applies)
     */
    boolean isEmpty() {
        return permissions.isEmpty() && src.isEmpty() && times.isEmpty() && timesLocation.isEmpty() && subs == 0
                && data == 0 && payload == 0 && !bearerToken && allowedConnectionTypes.isEmpty();
    }

    /**
     * @param permissions permissions replacing these (a template's, filled in)
     * @return these limits with those permissions
     */
    UserLimits withPermissions(JwtPermissions permissions) {
        return new UserLimits(permissions, src, times, timesLocation, subs, data, payload, bearerToken,
                allowedConnectionTypes);
    }

    /**
     * @param name an IANA zone name, or {@code Local}
     * @return the zone
     * @throws JwtException when the name is unknown
     */
    static ZoneId zone(String name) throws JwtException {
        if (name.equals("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new JwtException("could not parse iana time zone by name: unknown time zone " + name, e);
        }
    }
}
