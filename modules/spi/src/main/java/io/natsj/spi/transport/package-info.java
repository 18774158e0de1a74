/**
 * Transports: how bytes reach the server. A transport opens a listener and hands every
 * accepted connection to the kernel's {@link io.natsj.spi.transport.ConnectionInitializer},
 * after putting whatever wrapping it does (TLS, WebSocket framing) in front. The protocol codec
 * behind it is the same for every transport.
 */
package io.natsj.spi.transport;
