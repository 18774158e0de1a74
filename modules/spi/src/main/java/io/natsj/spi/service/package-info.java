/**
 * Server-side services: a {@link io.natsj.spi.service.ServiceProvider} (JetStream) runs inside
 * the server as {@link io.natsj.spi.service.InternalConnection}s of accounts, subscribing and
 * publishing through the kernel's subject index and routing like any client, and adds its own
 * fields to INFO, /varz, a monitoring page and /healthz.
 */
package io.natsj.spi.service;
