/**
 * The HTTP monitoring endpoints (/varz, /connz, /subsz, /healthz) with nats-server's JSON
 * field names.
 */
package io.natsj.kernel.monitor;
