package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;

/**
 * Writes MSG and HMSG frames straight from the publisher's buffer into a subscriber's
 * outbound buffer: {@code MSG <subject> <sid> [reply] <size>\r\n<payload>\r\n} and
 * {@code HMSG <subject> <sid> [reply] <header size> <total size>\r\n<headers><payload>\r\n}; an
 * internal client's empty reply is an empty field (two spaces), as nats-server writes it.
 * Nothing is allocated: sizes are copied as the publisher wrote them (see
 * {@link InboundMessage#sizeText}) or written digit by digit.
 */
final class MessageFrames {

    private static final byte[] MSG = {'M', 'S', 'G', ' '};
    private static final byte[] HMSG = {'H', 'M', 'S', 'G', ' '};
    private static final int CRLF = ('\r' << 8) | '\n';

    private MessageFrames() {
    }

    /**
     * @param m the message
     * @param sid the subscription id
     * @param withHeaders whether the subscriber takes headers (HMSG) or only the payload (MSG)
     * @return the frame's size in bytes
     */
    static int size(InboundMessage m, byte[] sid, boolean withHeaders) {
        int size = 4 + m.subjectLength() + 1 + sid.length + 1 + 2 + 2;
        if (m.replyLength() > 0) {
            size += m.replyLength() + 1;
        } else if (m.emptyReplyField()) {
            size += 1;
        }
        if (withHeaders) {
            size += 1 + headerSizeLength(m) + 1 + totalSizeLength(m) + m.bodyLength();
        } else if (m.headerLength() > 0) {
            int payload = m.payloadLength();
            size += digits(payload) + payload;
        } else {
            size += totalSizeLength(m) + m.bodyLength();
        }
        return size;
    }

    /**
     * Appends the frame; the caller reserved {@link #size} bytes.
     *
     * @param out the subscriber's buffer
     * @param m the message
     * @param sid the subscription id
     * @param withHeaders HMSG when true (the message must have headers), else MSG
     */
    static void write(ByteBuf out, InboundMessage m, byte[] sid, boolean withHeaders) {
        ByteBuf in = m.buffer();
        out.writeBytes(withHeaders ? HMSG : MSG);
        out.writeBytes(in, m.subjectOffset(), m.subjectLength());
        out.writeByte(' ');
        out.writeBytes(sid);
        out.writeByte(' ');
        if (m.replyLength() > 0) {
            out.writeBytes(in, m.replyOffset(), m.replyLength());
            out.writeByte(' ');
        } else if (m.emptyReplyField()) {
            out.writeByte(' ');
        }
        if (withHeaders) {
            writeSize(out, in, m.headerSizeTextOffset(), m.headerSizeTextLength(), m.headerLength());
            out.writeByte(' ');
            writeSize(out, in, m.sizeTextOffset(), m.sizeTextLength(), m.bodyLength());
            out.writeShort(CRLF);
            out.writeBytes(in, m.bodyOffset(), m.bodyLength());
        } else if (m.headerLength() > 0) {
            // Headers stripped for a client without them: the payload's size is a new number.
            int payload = m.bodyLength() - m.headerLength();
            writeDecimal(out, payload);
            out.writeShort(CRLF);
            out.writeBytes(in, m.bodyOffset() + m.headerLength(), payload);
        } else {
            writeSize(out, in, m.sizeTextOffset(), m.sizeTextLength(), m.bodyLength());
            out.writeShort(CRLF);
            out.writeBytes(in, m.bodyOffset(), m.bodyLength());
        }
        out.writeShort(CRLF);
    }

    private static int headerSizeLength(InboundMessage m) {
        return m.headerSizeTextLength() > 0 ? m.headerSizeTextLength() : digits(m.headerLength());
    }

    private static int totalSizeLength(InboundMessage m) {
        return m.sizeTextLength() > 0 ? m.sizeTextLength() : digits(m.bodyLength());
    }

    private static void writeSize(ByteBuf out, ByteBuf in, int textOffset, int textLength, int value) {
        if (textLength > 0) {
            out.writeBytes(in, textOffset, textLength);
        } else {
            writeDecimal(out, value);
        }
    }

    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    static void writeDecimal(ByteBuf out, long v) {
        int d = digits(v);
        int at = out.writerIndex() + d;
        out.ensureWritable(d);
        for (int i = 1; i <= d; i++) {
            out.setByte(at - i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(at);
    }
}
