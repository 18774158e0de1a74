/**
 * The WebSocket transport: a client listener that speaks RFC 6455 (with per-message deflate)
 * and hands the unwrapped byte stream to the kernel's client protocol, as nats-server's
 * {@code websocket} listener does.
 */
module io.natsj.transport.websocket {
    requires io.natsj.spi;
    requires io.netty.codec;
    requires io.netty.codec.http;

    provides io.natsj.spi.transport.TransportProvider
        with io.natsj.transport.websocket.WebSocketTransportProvider;
}
