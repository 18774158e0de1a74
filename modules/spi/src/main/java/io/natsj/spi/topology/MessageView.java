package io.natsj.spi.topology;

import io.netty.buffer.ByteBuf;

/**
 * A message on its way through the server, seen where it lies: positions in one buffer,
 * never a copy. The kernel reuses one view per connection, so a view is valid only during
 * the call that hands it over; whoever needs the bytes later copies them.
 *
 * <p>The body is the header block (when there is one) followed by the payload.
 */
public interface MessageView {

    /** @return the buffer holding subject, reply and body */
    ByteBuf buffer();

    /** @return where the subject starts in {@link #buffer()} */
    int subjectOffset();

    /** @return the subject's length in bytes */
    int subjectLength();

    /** @return where the reply subject starts; meaningful only when {@link #replyLength()} > 0 */
    int replyOffset();

    /** @return the reply subject's length, 0 when there is none */
    int replyLength();

    /** @return the header block's length, -1 when the message has no headers */
    int headerLength();

    /** @return where the body starts */
    int bodyOffset();

    /** @return the body's length: headers and payload together */
    int bodyLength();
}
