package io.natsj.jetstream;

/** Go's {@code time.Duration} text: {@code String()} as nats-server prints it, and {@code ParseDuration}. */
final class GoDuration {

    private GoDuration() {
    }

    /** @return Go's spelling of a duration in nanoseconds ({@code 5s}, {@code 1m30s}, {@code 100ms}) */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        String out;
        if (u < 1_000_000_000L) {
            String unit;
            long div;
            if (u < 1_000L) {
                return (neg ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                unit = "µs";
                div = 1_000L;
            } else {
                unit = "ms";
                div = 1_000_000L;
            }
            out = fraction(u, div) + unit;
        } else {
            long h = u / 3_600_000_000_000L;
            long rest = u % 3_600_000_000_000L;
            long m = rest / 60_000_000_000L;
            long s = rest % 60_000_000_000L;
            StringBuilder b = new StringBuilder();
            if (h > 0) {
                b.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                b.append(m).append('m');
            }
            b.append(fraction(s, 1_000_000_000L)).append('s');
            out = b.toString();
        }
        return (neg ? "-" : "") + out;
    }

    private static String fraction(long v, long div) {
        long whole = v / div;
        long frac = v % div;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = Long.toString(div + frac).substring(1).replaceAll("0+$", "");
        return whole + "." + f;
    }

    /** @return nanoseconds of a Go duration text ({@code 1.5s}, {@code 2m}, {@code 300ms}) */
    static long parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)")
                .matcher(s);
        long total = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            }
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (v * unit);
            at = m.end();
        }
        return total;
    }
}
