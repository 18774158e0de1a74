package io.natsj.bench.report;

import io.natsj.bench.run.Formats;
import io.natsj.bench.run.ScenarioKind;
import io.natsj.bench.run.ScenarioOutcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart of a comparison: one bar per scenario and engine showing how server A
 * did relative to server B (median of the per-pair ratios), with a line at 1.0 = equal and the
 * absolute medians written beside each bar. Plain SVG, no scripts or external fonts.
 */
public final class SvgChart {

    private static final int LABEL_WIDTH = 250;
    private static final int BAR_AREA = 420;
    private static final int NOTE_WIDTH = 480;
    private static final int ROW_HEIGHT = 26;
    private static final int TOP = 62;

    private final BenchReport report;

    public SvgChart(BenchReport report) {
        if (!report.isComparison()) {
            throw new IllegalArgumentException("the chart compares two servers: run with --compare");
        }
        this.report = report;
    }

    /** The SVG document. */
    public String render() {
        List<ScenarioOutcome> outcomes = report.outcomes();
        String a = report.servers().get(0).label();
        String b = report.servers().get(1).label();
        double maxRatio = outcomes.stream().mapToDouble(o -> safe(o.medianRatio())).max().orElse(1);
        double scaleMax = Math.max(2.0, Math.ceil(maxRatio * 1.1 * 2) / 2);
        int width = LABEL_WIDTH + BAR_AREA + NOTE_WIDTH;
        int height = TOP + outcomes.size() * ROW_HEIGHT + 40;
        var svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(text(10, 20, 15, "bold", escape(a + " relative to " + b + " (median of A/B pairs; > 1 = "
                + a + " better)")));
        svg.append(text(10, 40, 11, "normal", escape(report.date() + " · " + report.machine().summary())));
        double unit = BAR_AREA / scaleMax;
        for (double tick = 0; tick <= scaleMax + 1e-9; tick += 0.5) {
            double x = LABEL_WIDTH + tick * unit;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                            + "stroke-width=\"%s\"/>%n", x, TOP - 6, x, TOP + outcomes.size() * ROW_HEIGHT,
                    Math.abs(tick - 1) < 1e-9 ? "#333" : "#ddd", Math.abs(tick - 1) < 1e-9 ? "1.5" : "1"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
                    + "%.1f×</text>%n", x, TOP + outcomes.size() * ROW_HEIGHT + 16, tick));
        }
        for (int i = 0; i < outcomes.size(); i++) {
            ScenarioOutcome o = outcomes.get(i);
            ScenarioKind kind = ScenarioKind.parse(o.scenario());
            int y = TOP + i * ROW_HEIGHT;
            double ratio = safe(o.medianRatio());
            double barWidth = Math.min(scaleMax, ratio) * unit;
            svg.append(text(LABEL_WIDTH - 8, y + 16, 12, "normal", escape(o.label() + " [" + o.engine() + "]"))
                    .replace("<text ", "<text text-anchor=\"end\" "));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL_WIDTH, y + 4, barWidth, ROW_HEIGHT - 8, ratio >= 1 ? "#3b82f6" : "#f59e0b"));
            String note = String.format(Locale.ROOT, "%.2f×   %s %s · %s %s%s", ratio, a,
                    Formats.headline(kind, o.medianA()), b, Formats.headline(kind, safe(o.medianB())),
                    o.hadProblems() ? " · runs with errors/loss" : "");
            svg.append(text(LABEL_WIDTH + BAR_AREA + 8, y + 16, 11, "normal", escape(note)));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Writes the chart. */
    public void write(Path file) throws IOException {
        BenchReport.createParent(file);
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    private static double safe(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? 0 : value;
    }

    private static String text(int x, int y, int size, String weight, String content) {
        return String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
                x, y, size, weight, content);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
