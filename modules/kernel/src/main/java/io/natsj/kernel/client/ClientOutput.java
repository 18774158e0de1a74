package io.natsj.kernel.client;

import io.natsj.kernel.log.Log;
import io.natsj.kernel.protocol.ProtocolErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;

/**
 * A client connection's own protocol lines (+OK, PING, PONG, INFO, -ERR) and the ways it ends:
 * closed after an {@code -ERR} (a protocol error, a PUB over max_payload), closed without a word
 * (a bad operation, the client's own {@code -ERR}), or closed as a slow consumer (max_pending
 * bytes held back, or a write that outlived write_deadline), each with its reason in
 * nats-server's words for the log and /connz. Messages to the client are written by
 * {@link ClientConnection#deliver} into the same {@link Outbound}. The decoder asks
 * {@link #isClosing()} between operations.
 */
final class ClientOutput {

    private static final byte[] PING = ClientServices.ascii("PING\r\n");

    private final ClientConnection connection;
    private final ClientServices services;
    private final Channel channel;
    private final ClientLimits limits;
    private final Outbound outbound;
    private final FlushSet flushes;
    private volatile boolean closing;
    private String closeReason = "Client Closed";

    /**
     * @param connection the client
     * @param services the server around it, told of slow consumers
     * @param limits its max_pending and write_deadline
     * @param flushes the connection's set of buffers to flush at the end of its read batch
     */
    ClientOutput(ClientConnection connection, ClientServices services, ClientLimits limits, FlushSet flushes) {
        this.connection = connection;
        this.services = services;
        this.channel = connection.channel();
        this.limits = limits;
        this.flushes = flushes;
        this.outbound = new Outbound(channel, limits.maxPending(), limits.writeDeadline().toNanos(),
                this::writeDeadlineExceeded, this::slowConsumer);
    }

    /** @return the connection's outbound buffer */
    Outbound outbound() {
        return outbound;
    }

    /**
     * Appends protocol bytes to the outbound buffer; flushed at the end of the read batch (or
     * by the caller through {@link #flush()}).
     *
     * @param bytes a whole protocol line
     */
    void queue(byte[] bytes) {
        if (Log.isTrace()) {
            ProtocolTrace.out(connection, bytes);
        }
        outbound.lock();
        try {
            ByteBuf out = outbound.reserve(bytes.length);
            if (out == null) {
                if (!closing) {
                    slowConsumer();
                }
                return;
            }
            out.writeBytes(bytes);
        } finally {
            outbound.unlock();
        }
        flushes.add(outbound);
    }

    /** Writes what is queued now, outside a read batch (timers, async INFO). */
    void flush() {
        flushes.flushAll();
    }

    /** Sends the keep-alive PING now. */
    void sendPing() {
        queue(PING);
        flush();
    }

    /** @param text an error that leaves the connection open */
    void sendError(String text) {
        Log.debug(connection.label() + " - Client error: " + text);
        queue(ClientServices.ascii(ProtocolErrors.line(text)));
    }

    /**
     * Sends {@code -ERR}, then closes once it is written.
     *
     * @param text the error text
     * @param reason why, for the log and monitoring
     */
    void closeWithError(String text, String reason) {
        if (closing) {
            return;
        }
        Log.debug(connection.label() + " - Client error: " + text);
        queue(ClientServices.ascii(ProtocolErrors.line(text)));
        flushes.flushAll();
        closing = true;
        closeReason = reason;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Closes without a word to the client, once what is queued is written.
     *
     * @param reason why, for the log and monitoring
     */
    void close(String reason) {
        if (closing) {
            return;
        }
        flushes.flushAll();
        closing = true;
        closeReason = reason;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * A PUB or HPUB over max_payload: told, logged and closed as nats-server does. Reading stops
     * at once, so the payload stays unread. nats-server's socket, closed with bytes unread, is
     * reset; the JDK would send a FIN first (it shuts output down before closing a registered
     * channel), so when payload bytes came with the line natsj resets explicitly (SO_LINGER 0).
     *
     * @param size the size the client announced
     * @param payloadFollows whether bytes came after the line in the same read
     */
    void maxPayloadViolation(int size, boolean payloadFollows) {
        Log.error(connection.label() + " - maximum payload exceeded: " + size + " vs " + connection.credentialLimits().maxPayload());
        channel.config().setAutoRead(false);
        if (payloadFollows) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        closeWithError(ProtocolErrors.MAX_PAYLOAD, "Maximum Message Payload Exceeded");
    }

    /** @param text what the client's {@code -ERR} said; nats-server logs it and closes */
    void onClientError(String text) {
        Log.error(connection.label() + " - Client Error " + text);
        close("Parse Error");
    }

    /** @param text what the client's {@code -ERR} said; nats-server logs it and closes */
    void clientError(String text) {
        Log.error(connection.label() + " - Client Error " + text);
        close("Parse Error");
    }

    /** Called when max_pending bytes are waiting: from a publisher's thread or the event loop. */
    void slowConsumer() {
        if (closing) {
            return;
        }
        closing = true;
        closeReason = "Slow Consumer (Pending Bytes)";
        Log.info(connection.label() + " - Slow Consumer Detected: MaxPending of " + limits.maxPending() + " Exceeded");
        services.slowConsumer(connection);
        channel.close();
    }

    private void writeDeadlineExceeded() {
        if (closing) {
            return;
        }
        closing = true;
        closeReason = "Slow Consumer (Write Deadline)";
        Log.info(connection.label() + " - Slow Consumer Detected: WriteDeadline of " + limits.writeDeadline() + " exceeded");
        services.slowConsumer(connection);
        channel.close();
    }

    /** The channel has closed: nothing more is written. */
    void closed() {
        closing = true;
        outbound.close();
    }

    /** @return true once closing has begun */
    boolean isClosing() {
        return closing;
    }

    /** @return why the connection closed (or will), in nats-server's words */
    String closeReason() {
        return closeReason;
    }
}
