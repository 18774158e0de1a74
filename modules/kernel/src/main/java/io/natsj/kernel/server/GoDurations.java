package io.natsj.kernel.server;

import java.time.Duration;

/**
 * Durations written as Go prints them ({@code 2s}, {@code 1m30s}, {@code 1.5s}, {@code 100ms}),
 * for messages and monitoring output that must read like nats-server's.
 */
public final class GoDurations {

    private GoDurations() {
    }

    /**
     * @param d a duration
     * @return Go's {@code time.Duration.String()} form
     */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        nanos = Math.abs(nanos);
        if (nanos < 1_000) {
            return sign + nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return sign + decimal(nanos, 1_000) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return sign + decimal(nanos, 1_000_000) + "ms";
        }
        StringBuilder sb = new StringBuilder(sign);
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        long secNanos = nanos % 60_000_000_000L;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(decimal(secNanos, 1_000_000_000)).append('s').toString();
    }

    private static String decimal(long value, long unit) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + Long.toString(unit).length() + "d", frac).substring(1);
        return whole + "." + digits.replaceAll("0+$", "");
    }
}
