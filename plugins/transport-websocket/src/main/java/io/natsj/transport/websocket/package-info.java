/**
 * The WebSocket transport ({@code websocket}). {@link io.natsj.transport.websocket.WebSocketTransportProvider}
 * opens the listener; per connection, {@code Handshake} answers the HTTP upgrade (or refuses it
 * with nats-server's status), then {@code FrameDecoder} and {@code FrameEncoder} turn frames
 * into the byte stream the kernel's client protocol reads and back.
 */
package io.natsj.transport.websocket;
