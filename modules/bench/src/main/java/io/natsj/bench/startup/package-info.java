/**
 * {@code nats-startup}: start-up time, CPU per start, idle memory and many-at-once start-up of
 * natsj and nats-server side by side ({@link io.natsj.bench.startup.StartupBench}).
 */
package io.natsj.bench.startup;
