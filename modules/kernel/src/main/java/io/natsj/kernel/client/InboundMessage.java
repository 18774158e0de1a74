package io.natsj.kernel.client;

import io.natsj.spi.topology.MessageSlice;

/**
 * A published message as it sits in the publisher's read buffer: positions only, never a
 * copy. One instance per connection is reused for every message, so that the publish path
 * allocates nothing; it is valid only while being routed.
 *
 * <p>A client's message also keeps where its sizes were written on the PUB line: nats-server
 * repeats them on MSG as the publisher wrote them ({@code 002} stays {@code 002}). A message
 * whose sizes were not set this way has them written as numbers.
 */
public final class InboundMessage extends MessageSlice {

    private Object publisher;
    private boolean emptyReplyField;
    private int sizeTextOffset;
    private int sizeTextLength;
    private int headerSizeTextOffset;
    private int headerSizeTextLength;

    /**
     * @param sizeAt where the total size's digits are in the buffer
     * @param sizeLen how many there are, 0 to write the number
     * @param headerSizeAt where the header size's digits are
     * @param headerSizeLen how many there are, 0 to write the number
     */
    void sizeText(int sizeAt, int sizeLen, int headerSizeAt, int headerSizeLen) {
        sizeTextOffset = sizeAt;
        sizeTextLength = sizeLen;
        headerSizeTextOffset = headerSizeAt;
        headerSizeTextLength = headerSizeLen;
    }

    /**
     * @param publisher who publishes through this instance (a {@link ClientConnection}, an
     *        {@link InternalClient}), or null for a peer server; set once, not per message
     */
    void publisher(Object publisher) {
        this.publisher = publisher;
    }

    /** @return who published the message, or null when it came from a peer server */
    Object publisher() {
        return publisher;
    }

    int sizeTextOffset() {
        return sizeTextOffset;
    }

    int sizeTextLength() {
        return sizeTextLength;
    }

    int headerSizeTextOffset() {
        return headerSizeTextOffset;
    }

    int headerSizeTextLength() {
        return headerSizeTextLength;
    }

    /**
     * Marks a message published by a server-internal client with an empty (not absent) reply:
     * nats-server writes its reply field anyway, so MSG gets two spaces before the size
     * ({@code MSG <subject> <sid>  <size>}), as its PubAcks and advisories have.
     */
    void emptyReplyField(boolean empty) {
        this.emptyReplyField = empty;
    }

    /** @return whether MSG/HMSG carry an empty reply field (see {@link #emptyReplyField(boolean)}) */
    boolean emptyReplyField() {
        return emptyReplyField;
    }
}
