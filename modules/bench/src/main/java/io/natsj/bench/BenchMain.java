package io.natsj.bench;

import io.natsj.bench.engine.BenchConnection;
import io.natsj.bench.engine.ClientEngine;
import io.natsj.bench.engine.ServerIdentity;
import io.natsj.bench.report.BenchReport;
import io.natsj.bench.report.MachineInfo;
import io.natsj.bench.report.MarkdownReport;
import io.natsj.bench.report.ResultTable;
import io.natsj.bench.report.SvgChart;
import io.natsj.bench.run.BenchSession;
import io.natsj.bench.run.ProgressLine;
import io.natsj.bench.run.ScenarioRunner;
import io.natsj.bench.run.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Entry point of {@code nats-bench}: runs the chosen scenarios against one server, or two
 * alternately with {@code --compare}, prints the summary table and writes the requested files.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the process exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("nats-bench: " + e.getMessage());
            err.println(BenchOptions.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(BenchOptions.USAGE);
            return 0;
        }
        if (options.makeOperator != null) {
            try {
                OperatorFiles.write(options.makeOperator);
                out.println("wrote " + options.makeOperator.resolve("server.conf") + " and "
                        + options.makeOperator.resolve("user.creds"));
                return 0;
            } catch (IOException | java.security.GeneralSecurityException e) {
                err.println("nats-bench: cannot write the operator files: " + e.getMessage());
                return 1;
            }
        }
        try {
            BenchReport report = execute(options, out, err);
            boolean problems = report.outcomes().stream().anyMatch(o -> o.hadProblems());
            return problems ? 1 : 0;
        } catch (IOException | TimeoutException | RuntimeException e) {
            err.println("nats-bench: " + e.getMessage());
            return 1;
        }
    }

    /** Runs a parsed command line and returns what it measured. */
    public static BenchReport execute(BenchOptions options, PrintStream out, PrintStream err)
            throws IOException, TimeoutException {
        String date = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        var a = new Target(options.nameA, options.url, options.monitorUrl,
                options.subUrl == null ? options.url : options.subUrl);
        Target b = options.compareUrl == null ? null
                : new Target(options.nameB, options.compareUrl, options.compareMonitorUrl,
                        options.compareSubUrl == null ? options.compareUrl : options.compareSubUrl);
        List<ClientEngine> engines = new ArrayList<>();
        try (var progress = new ProgressLine(err, !options.quiet)) {
            for (String name : options.engines) {
                engines.add(ClientEngine.named(name, options.tls, options.creds));
            }
            List<BenchReport.ServerEntry> servers = new ArrayList<>();
            servers.add(identify(engines.getFirst(), a));
            if (b != null) {
                servers.add(identify(engines.getFirst(), b));
            }
            List<ScenarioRunner> runners = engines.stream()
                    .map(engine -> new ScenarioRunner(engine, options.idleTimeout, progress)).toList();
            var session = new BenchSession(runners, a, b, options.runs, options.warmups, err);
            var report = new BenchReport(date, MachineInfo.current(), servers,
                    new BenchReport.Settings(options.runs, options.warmups, options.engines, options.commandLine),
                    session.run(options.specs()));
            out.println();
            out.print(new ResultTable(report).toText());
            write(options, report, err);
            return report;
        } finally {
            engines.forEach(ClientEngine::close);
        }
    }

    private static BenchReport.ServerEntry identify(ClientEngine engine, Target target) throws IOException {
        try (BenchConnection connection = engine.connect(target.url(), "bench-probe")) {
            ServerIdentity id = connection.server();
            return new BenchReport.ServerEntry(target.label(), target.url(), id.name(), id.version());
        }
    }

    private static void write(BenchOptions options, BenchReport report, PrintStream err) throws IOException {
        if (options.json != null) {
            report.writeJson(options.json);
            err.println("wrote " + options.json);
        }
        if (options.svg != null) {
            new SvgChart(report).write(options.svg);
            err.println("wrote " + options.svg);
        }
        if (options.markdown != null) {
            String chart = null;
            if (options.svg != null) {
                Path base = options.markdown.toAbsolutePath().getParent();
                chart = base.relativize(options.svg.toAbsolutePath()).toString();
            }
            new MarkdownReport(report, chart).write(options.markdown);
            err.println("wrote " + options.markdown);
        }
    }
}
