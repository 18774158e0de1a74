/**
 * The plain TCP transport ({@code tcp}): listeners for clients, routes, gateways and leaf nodes
 * that accept connections on a Netty NIO server socket and hand each one, unwrapped, to the
 * kernel's {@link io.natsj.spi.transport.ConnectionInitializer}.
 *
 * <p>{@link io.natsj.transport.tcp.TcpTransportProvider} is the service provider; the listener
 * it returns is package-private.
 */
package io.natsj.transport.tcp;
