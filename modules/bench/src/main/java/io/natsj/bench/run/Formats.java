package io.natsj.bench.run;

import java.util.Locale;

/** Number formatting shared by the log, the tables and the chart. */
public final class Formats {

    private Formats() {
    }

    /** The name and unit of a scenario's headline figure. */
    public static String metricName(ScenarioKind kind) {
        return switch (kind) {
            case REQREPLY -> "p50 latency (µs)";
            case JS_PUB -> "p50 PubAck latency (µs)";
            case CONNS -> "connects/s";
            case PUB -> "msgs/s published";
            case JS_PUB_ASYNC -> "msgs/s acknowledged";
            case JS_PULL, JS_PUSH -> "msgs/s consumed";
            case KV_PUT -> "puts/s";
            case KV_GET -> "gets/s";
            case KV_GET_LATENCY -> "p50 get latency (µs)";
            default -> "msgs/s received";
        };
    }

    /** A headline figure with its unit, e.g. {@code 1.23M msgs/s} or {@code 48.2 µs}. */
    public static String headline(ScenarioKind kind, double value) {
        return switch (kind) {
            case REQREPLY, JS_PUB, KV_GET_LATENCY -> String.format(Locale.ROOT, "%.1f µs", value);
            case KV_PUT -> compact(value) + " puts/s";
            case KV_GET -> compact(value) + " gets/s";
            case CONNS -> compact(value) + " conn/s";
            default -> compact(value) + " msgs/s";
        };
    }

    /** 1234567 → {@code 1.23M}. */
    public static String compact(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", value / 1e9);
        }
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (abs >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** Bytes as KiB/MiB with one decimal. */
    public static String bytes(double value) {
        if (Math.abs(value) >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", value / (1 << 20));
        }
        if (Math.abs(value) >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", value / 1024);
        }
        return String.format(Locale.ROOT, "%.0f B", value);
    }
}
