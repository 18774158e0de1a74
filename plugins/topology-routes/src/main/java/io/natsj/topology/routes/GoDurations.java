package io.natsj.topology.routes;

import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration text both ways: parsing {@code "2s"}, {@code "1m30s"} in the config, and
 * formatting as /routez shows {@code rtt} ({@code time.Duration.String}: {@code "802µs"})
 * and {@code uptime}/{@code idle} (nats-server's {@code myUptime}: {@code "1d2h3m4s"}).
 */
final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {
    }

    /**
     * @param text a Go duration such as {@code "1.5s"}
     * @param path the config path, for the error
     * @return the duration
     */
    static Duration parse(String text, String path) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(t);
        int at = 0;
        double nanos = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            double value = Double.parseDouble(m.group(1));
            nanos += value * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        if (at != t.length() || at == 0) {
            throw new PluginException(path + ": time: invalid duration \"" + text + "\"");
        }
        return Duration.ofNanos((long) nanos);
    }

    /**
     * @param d a duration
     * @return Go's {@code Duration.String()}: {@code "0s"}, {@code "802µs"}, {@code "1.5ms"}, {@code "2m3.5s"}
     */
    static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        n = Math.abs(n);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + fraction(n, 1_000) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + fraction(n, 1_000_000) + "ms";
        }
        StringBuilder sb = new StringBuilder(sign);
        long h = n / 3_600_000_000_000L;
        long rest = n % 3_600_000_000_000L;
        long m = rest / 60_000_000_000L;
        rest %= 60_000_000_000L;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        return sb.append(fraction(rest, 1_000_000_000)).append('s').toString();
    }

    /**
     * @param d a duration
     * @return nats-server's uptime text, whole seconds: {@code "0s"}, {@code "5s"}, {@code "1m2s"}, {@code "3d4h0m1s"}
     */
    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        long hours = s / 3_600 % 24;
        long minutes = s / 60 % 60;
        long seconds = s % 60;
        StringBuilder sb = new StringBuilder();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (days > 0 || hours > 0) {
            sb.append(hours).append('h');
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(seconds).append('s').toString();
    }

    /** value/unit with the fraction's trailing zeros dropped, as Go prints it. */
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = Long.toString(unit + frac).substring(1);
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + digits.substring(0, end);
    }
}
