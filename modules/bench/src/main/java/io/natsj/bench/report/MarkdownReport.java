package io.natsj.bench.report;

import io.natsj.bench.run.ScenarioOutcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Markdown page of a session: date, machine, servers, method, the table and (for a
 * comparison) the chart, so the page stands on its own under docs/benchmarks/.
 */
public final class MarkdownReport {

    private final BenchReport report;
    private final String chartLink;

    /** @param chartLink path of the SVG relative to the Markdown file, or null */
    public MarkdownReport(BenchReport report, String chartLink) {
        this.report = report;
        this.chartLink = chartLink;
    }

    /** The page text. */
    public String render() {
        var md = new StringBuilder();
        md.append("# natsj bench results, ").append(report.date()).append("\n\n");
        md.append("- **Machine:** ").append(report.machine().summary()).append('\n');
        for (BenchReport.ServerEntry server : report.servers()) {
            md.append("- **").append(server.label()).append(":** ").append(server.name())
                    .append(" version ").append(server.version()).append('\n');
        }
        BenchReport.Settings settings = report.settings();
        md.append("- **Method:** ").append(settings.warmups()).append(" warm-up run(s) discarded, then ")
                .append(settings.runs()).append(" measured run(s) per server")
                .append(report.isComparison() ? ", alternating A B B A; each pair gives a ratio" : "")
                .append("; figures are medians. Engines: ").append(String.join(", ", settings.engines()))
                .append(".\n");
        md.append("- **Command:** `nats-bench ").append(settings.commandLine()).append("`\n\n");
        if (chartLink != null) {
            md.append("![comparison chart](").append(chartLink).append(")\n\n");
        }
        md.append(new ResultTable(report).toMarkdown()).append('\n');
        md.append("Throughput is counted at the subscribers (publish start to last arrival; fan-out counts every ")
                .append("delivery), publish-only at the publisher (publish start to the PONG after the last message). ")
                .append("Ratios are \"A relative to B\" with above 1 meaning A did better (for latency: B/A). ")
                .append("`(!n)` marks a median over runs of which n reported loss or errors.\n");
        boolean problems = report.outcomes().stream().anyMatch(ScenarioOutcome::hadProblems);
        if (problems) {
            md.append("\nSome runs reported problems; see the JSON file for each run's `problem`.\n");
        }
        return md.toString();
    }

    /** Writes the page. */
    public void write(Path file) throws IOException {
        BenchReport.createParent(file);
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }
}
