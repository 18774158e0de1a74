package io.natsj.bench.run;

/**
 * What one run measured. Throughput fields are zero for scenarios that do not move messages;
 * {@code latency} and {@code connections} are null unless the scenario measures them.
 *
 * @param server          label of the server measured
 * @param sent            messages (or requests) published
 * @param expected        deliveries that should have arrived
 * @param received        deliveries that did arrive
 * @param seconds         measured interval
 * @param messagesPerSecond deliveries (publishes for pub-only) per second
 * @param mebibytesPerSecond payload MiB per second at the same side
 * @param latency         request/reply round trip percentiles
 * @param connections     idle-connection figures
 * @param problem         loss, timeout or server error, or null when the run ended cleanly
 */
public record RunResult(String server, long sent, long expected, long received, double seconds,
                        double messagesPerSecond, double mebibytesPerSecond, Latency latency,
                        ConnectionFigures connections, String problem) {

    /**
     * Request/reply round-trip percentiles in microseconds.
     */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max,
                          double mean) {
    }

    /**
     * Idle connections: how fast they opened and what the server's /varz said before and after.
     *
     * @param bytesPerConnection (memAfter − memBefore) / opened, null without a monitor URL
     */
    public record ConnectionFigures(int opened, double connectsPerSecond, Long memBefore, Long memAfter,
                                    Long connectionsBefore, Long connectionsAfter, Double bytesPerConnection) {
    }

    /** Deliveries that never arrived. */
    public long lost() {
        return Math.max(0, expected - received);
    }
}
