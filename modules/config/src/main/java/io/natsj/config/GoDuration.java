package io.natsj.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses durations written the way Go's {@code time.ParseDuration} reads them, which is what
 * nats-server uses for string durations: an optional sign, then one or more
 * {@code <decimal><unit>} parts, units {@code ns us µs μs ms s m h}; e.g. {@code 1h30m},
 * {@code 1.5s}, {@code 500ms}, {@code -10us}. A bare {@code 0} is allowed; any other number
 * needs a unit.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /**
     * @param text the duration text
     * @return the duration
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "x"})
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
            }
            long unitNanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException(
                        "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            };
            String digits = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            nanos = nanos.add(new BigDecimal(digits).multiply(BigDecimal.valueOf(unitNanos)));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text);
        }
        long total = nanos.longValue();
        return Duration.ofNanos(negative ? -total : total);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
