package io.natsj.bench.run;

import java.util.List;

/**
 * Every run of one scenario with one engine, and their medians.
 *
 * @param scenario      the scenario id (e.g. {@code fanout})
 * @param label         the human label (e.g. {@code fanout 1→4 16 B})
 * @param engine        {@code raw} or {@code jnats}
 * @param metric        what {@code medianA}/{@code medianB} measure, with its unit
 * @param higherIsBetter true for rates, false for latencies
 * @param runsA         runs against the first server, in order
 * @param runsB         runs against the comparison server (empty without {@code --compare})
 * @param medianA       median headline figure of A
 * @param medianB       median headline figure of B, or null
 * @param pairRatios    per A/B pair: how A did relative to B, above 1 meaning A did better
 * @param medianRatio   median of {@code pairRatios}, or null
 */
public record ScenarioOutcome(String scenario, String label, String engine, String metric, boolean higherIsBetter,
                              List<RunResult> runsA, List<RunResult> runsB, double medianA, Double medianB,
                              List<Double> pairRatios, Double medianRatio) {

    /** The figure a run is judged by: msgs/s, p50 latency in µs, or connects per second. */
    static double headline(RunResult run) {
        if (run.latency() != null) {
            return run.latency().p50();
        }
        if (run.connections() != null) {
            return run.connections().connectsPerSecond();
        }
        return run.messagesPerSecond();
    }

    /** The median of the values; the mean of the middle two for an even count. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Median over runs of any figure. */
    public static double medianOf(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> figure) {
        return median(runs.stream().map(figure::applyAsDouble).toList());
    }

    /** True when any run reported loss, a timeout or an error. */
    public boolean hadProblems() {
        return runsA.stream().anyMatch(r -> r.problem() != null) || runsB.stream().anyMatch(r -> r.problem() != null);
    }
}
