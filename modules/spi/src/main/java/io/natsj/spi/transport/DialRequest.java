package io.natsj.spi.transport;

import io.natsj.spi.tls.TlsContext;
import io.netty.channel.EventLoopGroup;
import java.util.Objects;

/**
 * An outbound connection a topology plugin asks a transport to make, so that the plugin's
 * protocol runs over the transport's framing as it does on the transport's listener (a leaf
 * node dialling its hub's {@code ws://} port). The transport connects, does its own handshake,
 * then calls {@link #initializer()} once, on the connection's event loop, with an active channel
 * whose pipeline carries the transport's handlers and passes the unwrapped byte stream on.
 *
 * @param scheme the URL scheme the transport answers for ({@code ws}, {@code wss}); see
 *        {@link TransportProvider#dialSchemes()}
 * @param host the host to dial
 * @param port the port to dial
 * @param path what the transport's handshake asks for, for transports that have one: the
 *        request path of a WebSocket upgrade ({@code /leafnode} tells nats-server the connection
 *        is a leaf node's); never null
 * @param compression true to offer compression where the transport has it (WebSocket's
 *        per-message deflate); used only if the other side agrees
 * @param noMasking true to ask the other side to accept unmasked WebSocket frames
 *        ({@code Nats-No-Masking}); frames stay masked if it does not agree
 * @param tls the TLS to run under the transport's framing ({@code wss}), or null for none
 * @param ioGroup the event loops for the connection
 * @param connectTimeoutMillis how long the TCP connect may take
 * @param initializer installs the caller's protocol once the transport's handshake is done
 */
public record DialRequest(String scheme, String host, int port, String path, boolean compression, boolean noMasking,
                          TlsContext tls, EventLoopGroup ioGroup, int connectTimeoutMillis,
                          ConnectionInitializer initializer) {

    /** Checks the required fields. */
    public DialRequest {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ioGroup, "ioGroup");
        Objects.requireNonNull(initializer, "initializer");
    }
}
