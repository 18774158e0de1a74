/**
 * TLS: one {@link io.natsj.spi.tls.TlsProvider} turns a {@code tls { }} block (of the client
 * listener, a route, gateway, leaf-node or WebSocket listener) into handlers the kernel places
 * in front of the protocol codec.
 */
package io.natsj.spi.tls;
