package io.natsj.config;

/**
 * nats-server's size suffixes on integers: a letter alone is a power of 1000 ({@code 1k} =
 * 1000), with {@code b}, {@code i} or {@code ib} after it a power of 1024 ({@code 1KB} =
 * {@code 1KiB} = 1024). Case does not matter.
 */
final class SizeSuffix {

    private SizeSuffix() {
    }

    /**
     * @param lowerSuffix the suffix, lower case, possibly empty
     * @return its multiplier, or null when it is not a size suffix
     */
    static Long multiplier(String lowerSuffix) {
        return switch (lowerSuffix) {
            case "" -> 1L;
            case "k" -> 1000L;
            case "kb", "ki", "kib" -> 1L << 10;
            case "m" -> 1000_000L;
            case "mb", "mi", "mib" -> 1L << 20;
            case "g" -> 1000_000_000L;
            case "gb", "gi", "gib" -> 1L << 30;
            case "t" -> 1000_000_000_000L;
            case "tb", "ti", "tib" -> 1L << 40;
            case "p" -> 1000_000_000_000_000L;
            case "pb", "pi", "pib" -> 1L << 50;
            case "e" -> 1000_000_000_000_000_000L;
            case "eb", "ei", "eib" -> 1L << 60;
            default -> null;
        };
    }
}
