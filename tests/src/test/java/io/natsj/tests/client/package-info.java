/**
 * Integration tests with the official Java client (jnats) against both targets: what real
 * applications see, including reconnects and client-side limits taken from INFO.
 */
package io.natsj.tests.client;
