package io.natsj.auth.jwt;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user JWT's {@code times}: the daily ranges in which the user may connect, and how long a
 * connection made now may last.
 */
final class ConnectTimes {

    /** Go's {@code 15:04:05} layout: one or two digits of hour, two of minute and second. */
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})");

    private ConnectTimes() {
    }

    /**
     * @param clock {@code HH:MM:SS}
     * @return the second of the day, or -1 when the text is not a time of day
     */
    static int secondOfDay(String clock) {
        Matcher m = CLOCK.matcher(clock);
        if (!m.matches()) {
            return -1;
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int s = Integer.parseInt(m.group(3));
        return h > 23 || min > 59 || s > 59 ? -1 : h * 3600 + min * 60 + s;
    }

    /**
     * nats-server's reading of the ranges: a range starts today at its start; when its end is
     * before its start, it ends tomorrow. A connection is allowed when a range started before
     * now and ends after now; it may then last until that end. (As in nats-server, a range
     * that crosses midnight admits only from its start until midnight plus its end.)
     *
     * @param times the ranges (empty: any time)
     * @param zone the zone they are in
     * @param now the current time
     * @return how long a connection made now may last: null when not allowed, zero when
     *         there is no range (no limit)
     */
    static Duration allowedFor(List<UserLimits.TimeRange> times, ZoneId zone, ZonedDateTime now) {
        if (times.isEmpty()) {
            return Duration.ZERO;
        }
        ZonedDateTime here = now.withZoneSameInstant(zone);
        LocalDate today = here.toLocalDate();
        for (UserLimits.TimeRange range : times) {
            int start = secondOfDay(range.start());
            int end = secondOfDay(range.end());
            if (start < 0 || end < 0) {
                return null;
            }
            ZonedDateTime from = today.atStartOfDay(zone).plusSeconds(start);
            ZonedDateTime to = (start > end ? today.plusDays(1) : today).atStartOfDay(zone).plusSeconds(end);
            if (from.isBefore(here) && to.isAfter(here)) {
                return Duration.between(here, to);
            }
        }
        return null;
    }
}
