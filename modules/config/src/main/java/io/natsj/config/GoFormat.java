package io.natsj.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Formats times and durations the way nats-server's monitoring JSON prints them, since
 * dashboards and scripts parse these strings: Go's {@code time.RFC3339Nano},
 * {@code time.Duration.String()} and nats-server's own coarse uptime form; and strings as
 * Go's {@code %q}, as its errors and protocol traces quote them.
 */
public final class GoFormat {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private GoFormat() {
    }

    /**
     * RFC 3339 with up to nine fraction digits, trailing zeros dropped, {@code Z} for a zero
     * offset (Go's {@code time.RFC3339Nano}).
     *
     * @param instant the time
     * @param zone the zone to print it in (nats-server prints {@code now} in UTC, the rest local)
     * @return e.g. {@code 2026-11-22T02:50:08.98188154Z}
     */
    public static String time(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        StringBuilder sb = new StringBuilder(35);
        int year = t.getYear();
        if (year < 0) {
            sb.append('-');
        }
        pad(sb, Math.abs(year), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        appendFraction(sb, t.getNano(), 9);
        ZoneOffset offset = t.getOffset();
        if (offset.getTotalSeconds() == 0) {
            sb.append('Z');
        } else {
            int secs = offset.getTotalSeconds();
            sb.append(secs < 0 ? '-' : '+');
            secs = Math.abs(secs);
            pad(sb, secs / 3600, 2).append(':');
            pad(sb, (secs / 60) % 60, 2);
        }
        return sb.toString();
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 0s}, {@code 240µs}, {@code 2.590694ms},
     * {@code 1h2m3.5s}.
     *
     * @param nanos the duration in nanoseconds
     * @return the Go spelling
     */
    public static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder(24);
        if (nanos < 0) {
            sb.append('-');
        }
        // Long.MIN_VALUE has no positive counterpart; monitoring never sees it.
        long u = Math.abs(nanos);
        if (u < NANOS_PER_MICRO) {
            return sb.append(u).append("ns").toString();
        }
        if (u < NANOS_PER_MILLI) {
            sb.append(u / NANOS_PER_MICRO);
            appendFraction(sb, u % NANOS_PER_MICRO, 3);
            return sb.append("µs").toString();
        }
        if (u < NANOS_PER_SECOND) {
            sb.append(u / NANOS_PER_MILLI);
            appendFraction(sb, u % NANOS_PER_MILLI, 6);
            return sb.append("ms").toString();
        }
        long totalSeconds = u / NANOS_PER_SECOND;
        long hours = totalSeconds / 3600;
        long minutes = (totalSeconds / 60) % 60;
        long seconds = totalSeconds % 60;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(seconds);
        appendFraction(sb, u % NANOS_PER_SECOND, 9);
        return sb.append('s').toString();
    }

    /**
     * nats-server's uptime and idle form: whole seconds, with minutes, hours, days and years
     * as they become non-zero ({@code 45s}, {@code 1h2m3s}, {@code 2d0h0m1s}).
     *
     * @param d the elapsed time
     * @return the compact spelling
     */
    public static String uptime(Duration d) {
        long secs = Math.max(0, d.getSeconds());
        long mins = secs / 60;
        long hrs = mins / 60;
        long days = hrs / 24;
        long years = days / 365;
        if (years > 0) {
            return years + "y" + days % 365 + "d" + hrs % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (days > 0) {
            return days + "d" + hrs % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (hrs > 0) {
            return hrs + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (mins > 0) {
            return mins + "m" + secs % 60 + "s";
        }
        return secs + "s";
    }

    /** Appends {@code .ddd} with {@code digits} places, trailing zeros dropped, nothing if zero. */
    private static void appendFraction(StringBuilder sb, long fraction, int digits) {
        if (fraction == 0) {
            return;
        }
        char[] buf = new char[digits];
        long v = fraction;
        for (int i = digits - 1; i >= 0; i--) {
            buf[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        int end = digits;
        while (end > 0 && buf[end - 1] == '0') {
            end--;
        }
        sb.append('.').append(buf, 0, end);
    }

    private static StringBuilder pad(StringBuilder sb, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /**
     * Go's {@code %q} for text: double quotes, with the escapes a reader of nats-server's
     * errors and traces expects.
     *
     * @param s the text
     * @return it quoted
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * A protocol line this server sent, as nats-server's trace shows it ({@code ->> [...]}):
     * without its line end, {@code +OK} as {@code OK} and {@code -ERR 'text'} as {@code -ERR text}.
     *
     * @param line the line sent, CRLF included or not
     * @return the text to trace
     */
    public static String sentLineTrace(String line) {
        String text = line.strip();
        if (text.equals("+OK")) {
            return "OK";
        }
        if (text.startsWith("-ERR '") && text.endsWith("'")) {
            return "-ERR " + text.substring(6, text.length() - 1);
        }
        return text;
    }
}
