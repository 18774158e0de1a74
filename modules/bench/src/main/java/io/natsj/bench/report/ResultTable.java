package io.natsj.bench.report;

import io.natsj.bench.run.Formats;
import io.natsj.bench.run.RunResult;
import io.natsj.bench.run.ScenarioKind;
import io.natsj.bench.run.ScenarioOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The summary table of a session, one row per scenario and engine, rendered as aligned text for
 * the terminal or as a Markdown table. Every cell is a median of measured runs.
 */
public final class ResultTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public ResultTable(BenchReport report) {
        String a = report.servers().getFirst().label();
        if (report.isComparison()) {
            String b = report.servers().get(1).label();
            header = List.of("Scenario", "Engine", "Metric", a, b, a + " vs " + b + " per pair",
                    "Median ratio", "Details (medians)");
        } else {
            header = List.of("Scenario", "Engine", "Metric", a, "Runs", "Details (medians)");
        }
        for (ScenarioOutcome outcome : report.outcomes()) {
            rows.add(row(report.isComparison(), outcome));
        }
    }

    private static List<String> row(boolean comparison, ScenarioOutcome o) {
        ScenarioKind kind = ScenarioKind.parse(o.scenario());
        List<String> cells = new ArrayList<>(List.of(o.label(), o.engine(), o.metric(),
                Formats.headline(kind, o.medianA()) + flag(o.runsA())));
        if (comparison) {
            cells.add(Formats.headline(kind, o.medianB()) + flag(o.runsB()));
            cells.add(o.pairRatios().stream().map(r -> String.format(Locale.ROOT, "%.2f", r))
                    .collect(Collectors.joining(" ")));
            cells.add(String.format(Locale.ROOT, "**%.2f**", o.medianRatio()));
            cells.add(details(kind, o.runsA()) + " | " + details(kind, o.runsB()));
        } else {
            cells.add(String.valueOf(o.runsA().size()));
            cells.add(details(kind, o.runsA()));
        }
        return cells;
    }

    /** Marks a median taken over runs of which some reported loss or errors. */
    private static String flag(List<RunResult> runs) {
        long bad = runs.stream().filter(r -> r.problem() != null).count();
        return bad == 0 ? "" : " (!" + bad + ")";
    }

    private static String details(ScenarioKind kind, List<RunResult> runs) {
        if (runs.isEmpty()) {
            return "";
        }
        return switch (kind) {
            case REQREPLY, JS_PUB, KV_GET_LATENCY -> String.format(Locale.ROOT, "p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f µs",
                    ScenarioOutcome.medianOf(runs, r -> r.latency().p90()),
                    ScenarioOutcome.medianOf(runs, r -> r.latency().p99()),
                    ScenarioOutcome.medianOf(runs, r -> r.latency().p999()),
                    ScenarioOutcome.medianOf(runs, r -> r.latency().max()));
            case CONNS -> runs.getFirst().connections().bytesPerConnection() == null ? "no /varz"
                    : Formats.bytes(ScenarioOutcome.medianOf(runs, r -> r.connections().bytesPerConnection()))
                    + "/conn";
            default -> String.format(Locale.ROOT, "%.1f MiB/s",
                    ScenarioOutcome.medianOf(runs, RunResult::mebibytesPerSecond));
        };
    }

    /** Aligned plain text for the terminal. */
    public String toText() {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        rows.forEach(r -> all.add(r.stream().map(c -> c.replace("**", "")).toList()));
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var out = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            for (int i = 0; i < row.size(); i++) {
                out.append(String.format("%-" + widths[i] + "s", row.get(i))).append(i + 1 < row.size() ? "  " : "");
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append("-".repeat(widths[i])).append(i + 1 < widths.length ? "  " : "");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** A GitHub-flavoured Markdown table. */
    public String toMarkdown() {
        var out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(row.stream().map(c -> c.replace("|", "\\|"))
                    .collect(Collectors.joining(" | "))).append(" |\n");
        }
        return out.toString();
    }
}
