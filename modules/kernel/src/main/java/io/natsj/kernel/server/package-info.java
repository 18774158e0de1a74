/**
 * The server itself: its options (read from the config tree), the plugins it found, its
 * listeners and event loops, its lifecycle (start, lame duck, stop) and the signals that
 * drive it.
 */
package io.natsj.kernel.server;
