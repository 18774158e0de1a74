package io.natsj.bench.startup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What {@link StartupBench} measured for one server, and the side-by-side table.
 *
 * @param name the server's name on the command line
 * @param starts one measurement per sequential start
 * @param together exec-to-ports-file times of the servers started at once, in ms
 */
record StartupResult(String name, List<StartedServer.Measurement> starts, List<Double> together) {

    double median(ToDoubleFunction<StartedServer.Measurement> figure) {
        return median(starts.stream().mapToDouble(figure).boxed().toList());
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String markdown(List<StartupResult> results, int runs, int together, List<String> extra) {
        var t = new StringBuilder();
        t.append("Start-up, median of ").append(runs).append(" sequential starts each (alternating)");
        if (!extra.isEmpty()) {
            t.append(", server arguments `").append(String.join(" ", extra)).append('`');
        }
        t.append(":\n\n| |");
        results.forEach(r -> t.append(' ').append(r.name()).append(" |"));
        t.append("\n|---|");
        results.forEach(r -> t.append("---|"));
        row(t, results, "exec to ports file", r -> "%.0f ms".formatted(r.median(StartedServer.Measurement::portsFileMillis)));
        row(t, results, "exec to first PONG", r -> "%.0f ms".formatted(r.median(StartedServer.Measurement::pongMillis)));
        row(t, results, "CPU used by then", r -> "%.2f s".formatted(r.median(StartedServer.Measurement::cpuSeconds)));
        row(t, results, "idle RSS", r -> "%.0f MiB".formatted(r.median(m -> m.idleRssKib()) / 1024));
        if (together > 0) {
            row(t, results, together + " started at once: last ports file",
                    r -> "%.0f ms".formatted(Collections.max(r.together())));
            row(t, results, together + " started at once: median ports file",
                    r -> "%.0f ms".formatted(median(r.together())));
        }
        return t.append('\n').toString();
    }

    private static void row(StringBuilder t, List<StartupResult> results, String label,
            java.util.function.Function<StartupResult, String> cell) {
        t.append("\n| ").append(label).append(" |");
        results.forEach(r -> t.append(' ').append(cell.apply(r)).append(" |"));
    }
}
