package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.MessageSlice;
import io.netty.buffer.ByteBuf;

/**
 * What {@link WireDecoder} reports, one call per operation, on the connection's event
 * loop. Each topology plugin implements it for its connections.
 */
public interface WireHandler {

    /** The connection is open: send what this side sends first. */
    void active();

    /**
     * @param op the operation about to be handled
     * @return false when it may not come now (the connection has been closed with an error)
     */
    boolean admit(WireOp op);

    /** @param json the INFO's JSON, valid during the call */
    void onInfo(ByteBuf json);

    /** @param json the CONNECT's JSON, valid during the call */
    void onConnect(ByteBuf json);

    /** PING: answer PONG. */
    void onPing();

    /** PONG: the peer is alive. */
    void onPong();

    /** @param text the text after {@code -ERR}, quotes included */
    void onErr(String text);

    /**
     * RS+ (or LS+, its origin dropped).
     *
     * @param account the account name
     * @param subject the subject
     * @param queue the queue group, or null
     * @param weight the queue weight (1 without a queue)
     */
    void onInterest(String account, String subject, String queue, int weight);

    /**
     * RS- (or LS-).
     *
     * @param account the account name
     * @param subject the subject
     * @param queue the queue group, or null
     */
    void onNoInterest(String account, String subject, String queue);

    /**
     * A+ or A- (gateways): the peer has again, or has no, interest in a whole account, as
     * nats-server's optimistic gateway mode answers messages of an account it has no
     * subscription in. Ignored unless the protocol uses it.
     *
     * @param account the account name
     * @param interested true for A+, false for A-
     */
    default void onAccountInterest(String account, boolean interested) {
    }

    /**
     * A message (RMSG, HMSG, LMSG).
     *
     * @param buf the read buffer
     * @param accountAt where the account name starts in {@code buf}
     * @param accountLength its length
     * @param message the message, valid during the call
     * @param queues the queue groups named, valid during the call
     */
    void onMessage(ByteBuf buf, int accountAt, int accountLength, MessageSlice message, WireQueueNames queues);

    /** The bytes of one batch of socket reads are decoded. */
    void endOfReadBatch();

    /**
     * The peer broke the protocol: send {@code -ERR '<error>'} when error is not null, then close.
     *
     * @param error the -ERR text without quotes, or null to close without a word
     * @param reason why, for the log
     */
    void protocolError(String error, String reason);

    /** @return true once the connection is closing: stop decoding */
    boolean isClosing();

    /** The channel is closed. */
    void inactive();

    /** @return true when the decoder is to report what it reads for the protocol trace; asked once */
    default boolean tracing() {
        return false;
    }

    /**
     * @param op the operation
     * @param text the operation as received, without CRLF (its name as nats-server traces it, then its
     *        arguments); a CONNECT still holds its password, which the handler redacts
     */
    default void traceIn(WireOp op, String text) {
    }

    /**
     * @param buf the read buffer
     * @param at where a routed message's payload (headers and body) starts
     * @param length its length
     */
    default void tracePayload(ByteBuf buf, int at, int length) {
    }
}
