package io.natsj.topology.routes;

import io.natsj.spi.topology.MessageView;
import io.netty.buffer.ByteBuf;

/**
 * The message of one RMSG/HMSG/LMSG as positions in the read buffer. One instance per
 * connection, refilled for every message, so receiving allocates nothing.
 */
final class RouteMessage implements MessageView {

    private ByteBuf buffer;
    private int subjectOffset;
    private int subjectLength;
    private int replyOffset;
    private int replyLength;
    private int headerLength;
    private int bodyOffset;
    private int bodyLength;

    void set(ByteBuf buf, int subjectAt, int subjectLen, int replyAt, int replyLen, int headerLen,
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

    /** Drops the reference to the read buffer once the message has been handed over. */
    void clear() {
        buffer = null;
    }

    @Override
    public ByteBuf buffer() {
        return buffer;
    }

    @Override
    public int subjectOffset() {
        return subjectOffset;
    }

    @Override
    public int subjectLength() {
        return subjectLength;
    }

    @Override
    public int replyOffset() {
        return replyOffset;
    }

    @Override
    public int replyLength() {
        return replyLength;
    }

    @Override
    public int headerLength() {
        return headerLength;
    }

    @Override
    public int bodyOffset() {
        return bodyOffset;
    }

    @Override
    public int bodyLength() {
        return bodyLength;
    }

    @Override
    public String toString() {
        return buffer == null ? "RouteMessage[]"
                : "RouteMessage[" + buffer.toString(subjectOffset, subjectLength, java.nio.charset.StandardCharsets.UTF_8)
                        + ", " + bodyLength + " bytes]";
    }
}
