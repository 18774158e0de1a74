/**
 * Scenario model and execution: what a run is ({@link io.natsj.bench.run.ScenarioSpec}), how one
 * is measured ({@link io.natsj.bench.run.ScenarioRunner}) and how runs are repeated, alternated
 * between two servers and reduced to medians ({@link io.natsj.bench.run.BenchSession}).
 */
package io.natsj.bench.run;
