package io.natsj.spi.topology;

import io.netty.buffer.ByteBuf;

/**
 * A {@link MessageView} whose positions its owner sets: one instance per connection, set
 * again for every message, so that reading a message allocates nothing. The kernel's view of
 * a client's PUB and a route plugin's view of an RMSG are both slices.
 */
public class MessageSlice implements MessageView {

    private ByteBuf buffer;
    private int subjectOffset;
    private int subjectLength;
    private int replyOffset;
    private int replyLength;
    private int headerLength = -1;
    private int bodyOffset;
    private int bodyLength;

    /**
     * Points the slice at a message.
     *
     * @param buf the buffer holding it
     * @param subjectAt where the subject starts
     * @param subjectLen the subject's length
     * @param replyAt where the reply subject starts
     * @param replyLen the reply subject's length, 0 for none
     * @param headerLen the header block's length, -1 for none
     * @param bodyAt where the body (headers, then payload) starts
     * @param bodyLen the body's length
     */
    public final void set(ByteBuf buf, int subjectAt, int subjectLen, int replyAt, int replyLen, int headerLen,
                          int bodyAt, int bodyLen) {
        this.buffer = buf;
        this.subjectOffset = subjectAt;
        this.subjectLength = subjectLen;
        this.replyOffset = replyAt;
        this.replyLength = replyLen;
        this.headerLength = headerLen;
        this.bodyOffset = bodyAt;
        this.bodyLength = bodyLen;
    }

    /** @param view another message whose positions this slice takes */
    public final void setFrom(MessageView view) {
        set(view.buffer(), view.subjectOffset(), view.subjectLength(), view.replyOffset(), view.replyLength(),
                view.headerLength(), view.bodyOffset(), view.bodyLength());
    }

    /** Drops the reference to the buffer once the message has been handed over. */
    public final void clear() {
        buffer = null;
    }

    @Override
    public final ByteBuf buffer() {
        return buffer;
    }

    @Override
    public final int subjectOffset() {
        return subjectOffset;
    }

    @Override
    public final int subjectLength() {
        return subjectLength;
    }

    @Override
    public final int replyOffset() {
        return replyOffset;
    }

    @Override
    public final int replyLength() {
        return replyLength;
    }

    @Override
    public final int headerLength() {
        return headerLength;
    }

    @Override
    public final int bodyOffset() {
        return bodyOffset;
    }

    @Override
    public final int bodyLength() {
        return bodyLength;
    }

    /** @return payload bytes, without headers */
    public final int payloadLength() {
        return headerLength < 0 ? bodyLength : bodyLength - headerLength;
    }
}
