/**
 * The {@code nats-bench} command line: option parsing, the standard scenario set and the entry
 * point {@link io.natsj.bench.BenchMain}.
 */
package io.natsj.bench;
