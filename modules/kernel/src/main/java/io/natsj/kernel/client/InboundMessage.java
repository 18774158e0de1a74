package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;

/**
 * A published message as it sits in the publisher's read buffer: positions only, never a
 * copy. One instance per connection is reused for every message, so that the publish path
 * allocates nothing; it is valid only while being routed.
 */
public final class InboundMessage implements io.natsj.spi.topology.MessageView {

    ByteBuf buf;
    int subjectOffset;
    int subjectLength;
    int replyOffset;
    int replyLength;
    /** Header bytes at the start of the body, -1 for a PUB without headers. */
    int headerLength = -1;
    int bodyOffset;
    /** Header and payload bytes together. */
    int bodyLength;

    void set(ByteBuf buf, int subjectOffset, int subjectLength, int replyOffset, int replyLength,
             int headerLength, int bodyOffset, int bodyLength) {
        this.buf = buf;
        this.subjectOffset = subjectOffset;
        this.subjectLength = subjectLength;
        this.replyOffset = replyOffset;
        this.replyLength = replyLength;
        this.headerLength = headerLength;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
    }

    /**
     * Points this message at another's positions, for a message handed over by a peer.
     *
     * @param view the message
     */
    public void setFrom(io.natsj.spi.topology.MessageView view) {
        set(view.buffer(), view.subjectOffset(), view.subjectLength(), view.replyOffset(), view.replyLength(),
                view.headerLength(), view.bodyOffset(), view.bodyLength());
    }

    /** @return the buffer holding the message */
    @Override
    public ByteBuf buffer() {
        return buf;
    }

    /** @return where the subject starts in {@link #buffer()} */
    @Override
    public int subjectOffset() {
        return subjectOffset;
    }

    /** @return the subject's length in bytes */
    @Override
    public int subjectLength() {
        return subjectLength;
    }

    /** @return where the reply subject starts, meaningful when {@link #replyLength()} > 0 */
    @Override
    public int replyOffset() {
        return replyOffset;
    }

    /** @return the reply subject's length, 0 when none */
    @Override
    public int replyLength() {
        return replyLength;
    }

    /** @return the header block's length, -1 when the message has no headers */
    @Override
    public int headerLength() {
        return headerLength;
    }

    /** @return where the body (headers then payload) starts */
    @Override
    public int bodyOffset() {
        return bodyOffset;
    }

    /** @return header and payload bytes together */
    @Override
    public int bodyLength() {
        return bodyLength;
    }

    /** @return payload bytes, without headers */
    public int payloadLength() {
        return headerLength < 0 ? bodyLength : bodyLength - headerLength;
    }
}
