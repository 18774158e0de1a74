package io.natsj.bench.run;

import io.natsj.bench.engine.ClientEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Repeats each scenario: warm-up runs first (discarded), then {@code runs} measured runs, which
 * with a comparison server alternate A B B A so that drift (thermal, noisy neighbours) hits both
 * servers alike. Each A/B pair gives one ratio; the summary is the median.
 */
public final class BenchSession {

    private final List<ScenarioRunner> runners;
    private final Target a;
    private final Target b;
    private final int runs;
    private final int warmups;
    private static final java.time.Duration WARM_UP_TIME = java.time.Duration.ofSeconds(2);
    private static final int MAX_WARM_UP_RUNS = 20;
    private final PrintStream log;

    /**
     * @param b       the comparison server, or null
     * @param warmups discarded warm-up runs per server before measuring
     */
    public BenchSession(List<ScenarioRunner> runners, Target a, Target b, int runs, int warmups, PrintStream log) {
        this.runners = runners;
        this.a = a;
        this.b = b;
        this.runs = runs;
        this.warmups = warmups;
        this.log = log;
    }

    /** Runs every scenario with every engine. */
    public List<ScenarioOutcome> run(List<ScenarioSpec> specs) throws IOException, TimeoutException {
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        for (ScenarioSpec spec : specs) {
            for (ScenarioRunner runner : runners) {
                if (spec.kind() == ScenarioKind.CONNS && runner != runners.getFirst()) {
                    // Server memory per connection does not depend on the client library: measured once.
                    continue;
                }
                if (spec.kind().isJetStream() && !runner.engine().name().equals("jnats")) {
                    // JetStream scenarios drive jnats's JetStream API; the raw engine has none.
                    continue;
                }
                outcomes.add(run(spec, runner));
            }
        }
        return outcomes;
    }

    private ScenarioOutcome run(ScenarioSpec spec, ScenarioRunner runner) throws IOException, TimeoutException {
        ClientEngine engine = runner.engine();
        log.printf("%s [%s] warm-up%n", spec.label(), engine.name());
        warmUp(runner, spec, a);
        if (b != null) {
            warmUp(runner, spec, b);
        }
        List<RunResult> runsA = new ArrayList<>();
        List<RunResult> runsB = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // Every other pair runs B first, so that neither server always meets a client (and
            // machine) in the state the other left it in.
            boolean bFirst = b != null && i % 2 == 1;
            RunResult early = bFirst ? runner.run(spec, b) : null;
            RunResult ra = runner.run(spec, a);
            runsA.add(ra);
            double ha = ScenarioOutcome.headline(ra);
            String line = String.format("%s [%s] run %d/%d  %s %s", spec.label(), engine.name(), i + 1, runs,
                    a.label(), Formats.headline(spec.kind(), ha));
            if (b != null) {
                RunResult rb = bFirst ? early : runner.run(spec, b);
                runsB.add(rb);
                double hb = ScenarioOutcome.headline(rb);
                double ratio = higherIsBetter(spec.kind()) ? ha / hb : hb / ha;
                ratios.add(ratio);
                line += String.format("  %s %s  ratio %.2f", b.label(), Formats.headline(spec.kind(), hb), ratio);
            }
            log.println(line + problems(runsA.getLast(), b == null ? null : runsB.getLast()));
        }
        double medianA = ScenarioOutcome.medianOf(runsA, r -> ScenarioOutcome.headline(r));
        Double medianB = b == null ? null
                : ScenarioOutcome.medianOf(runsB, r -> ScenarioOutcome.headline(r));
        Double medianRatio = b == null ? null : ScenarioOutcome.median(ratios);
        return new ScenarioOutcome(spec.kind().id(), spec.label(), engine.name(), Formats.metricName(spec.kind()),
                higherIsBetter(spec.kind()), runsA, runsB, medianA, medianB, ratios, medianRatio);
    }

    /**
     * At least {@code warmups} discarded runs, repeated until the server has run the scenario
     * for {@link #WARM_UP_TIME}: a JIT compiles a path only after thousands of calls, and a
     * run count alone gave a server that finished quickly (or a JVM whose AOT cache holds no
     * method profiles) a first measured run that was still half interpreted.
     */
    private void warmUp(ScenarioRunner runner, ScenarioSpec spec, Target target) throws IOException, TimeoutException {
        if (warmups == 0) {
            return;
        }
        long until = System.nanoTime() + WARM_UP_TIME.toNanos();
        for (int i = 0; i < warmups || (System.nanoTime() < until && i < MAX_WARM_UP_RUNS); i++) {
            runner.run(spec.warmup(), target);
        }
    }

    private static String problems(RunResult ra, RunResult rb) {
        String text = "";
        if (ra.problem() != null) {
            text += "  [" + ra.server() + ": " + ra.problem() + "]";
        }
        if (rb != null && rb.problem() != null) {
            text += "  [" + rb.server() + ": " + rb.problem() + "]";
        }
        return text;
    }

    /** Rates are better high, latencies low. */
    public static boolean higherIsBetter(ScenarioKind kind) {
        return !kind.isLatency();
    }
}
