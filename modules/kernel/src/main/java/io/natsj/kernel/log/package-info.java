/**
 * Logging in nats-server's line format, {@code [pid] 2006/01/02 15:04:05.000000 [INF] text},
 * to standard error or a file, with debug and trace levels.
 */
package io.natsj.kernel.log;
