package io.natsj.spi.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.function.Supplier;

/**
 * The kernel's side of a transport: installs the protocol handlers for one accepted connection.
 * A transport calls it once per connection, from the connection's event loop, after adding its
 * own handlers (if any) at the front of the pipeline.
 *
 * <p>A transport that wraps the byte stream after a handshake of its own (WebSocket) calls it
 * once that handshake is done, on a channel that is already active; the kernel then starts the
 * protocol (sends INFO) at once instead of waiting for {@code channelActive}.
 */
@FunctionalInterface
public interface ConnectionInitializer {

    /**
     * Installs the protocol for the given connection.
     *
     * @param request the connection, and what the transport knows about it
     */
    void initialize(ConnectionRequest request);

    /**
     * Why the kernel closes a connection, in nats-server's words ({@code "Client Closed"},
     * {@code "Slow Consumer (Pending Bytes)"}, ...): the kernel sets it on every channel it
     * initializes, so that a transport that says goodbye in its own framing (a WebSocket close
     * frame's status) can tell why when the channel is closed.
     */
    AttributeKey<Supplier<String>> CLOSE_REASON = AttributeKey.valueOf("natsj.closeReason");

    /**
     * One accepted connection as a transport hands it to the kernel.
     *
     * @param channel the accepted channel; its pipeline holds the transport's own handlers
     * @param transportName the {@link TransportProvider#name()} of the transport that accepted it
     * @param wrapped true when the transport already wraps the byte stream (for example
     *        WebSocket framing, with its own TLS when configured), so the kernel adds no TLS of
     *        its own; the transport calls the initializer after its handshake, on an active
     *        channel, and the kernel starts the protocol at once
     * @param forwardedFor the client's address as a proxy in front reported it (a WebSocket
     *        upgrade's {@code X-Forwarded-For} that is a plain IP address), or null; nats-server
     *        shows it in front of the socket's address in log lines
     * @param cookieJwt the user JWT the transport's handshake carried in the listener's
     *        {@link ListenerAuthorization#jwtCookie()} cookie, or null; the kernel authenticates
     *        with it when the CONNECT has no {@code jwt} (nats-server's {@code jwt_cookie})
     */
    record ConnectionRequest(Channel channel, String transportName, boolean wrapped, String forwardedFor,
                             String cookieJwt) {

        /**
         * A connection without a cookie JWT.
         *
         * @param channel the accepted channel
         * @param transportName the transport's name
         * @param wrapped true when the transport wraps the byte stream
         * @param forwardedFor the client's address as a proxy reported it, or null
         */
        public ConnectionRequest(Channel channel, String transportName, boolean wrapped, String forwardedFor) {
            this(channel, transportName, wrapped, forwardedFor, null);
        }

        /**
         * A connection no proxy reported on.
         *
         * @param channel the accepted channel
         * @param transportName the transport's name
         * @param wrapped true when the transport wraps the byte stream
         */
        public ConnectionRequest(Channel channel, String transportName, boolean wrapped) {
            this(channel, transportName, wrapped, null, null);
        }
    }
}
