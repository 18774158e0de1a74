/**
 * Subject matching shared by the kernel and plugins (stores, JetStream, topologies), so that
 * each does not carry its own copy of the wildcard rules.
 */
package io.natsj.spi.subject;
