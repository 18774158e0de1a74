package io.natsj.kernel.client;

import io.netty.buffer.ByteBuf;

/**
 * Writes MSG and HMSG frames straight from the publisher's buffer into a subscriber's
 * outbound buffer: {@code MSG <subject> <sid> [reply] <size>\r\n<payload>\r\n} and
 * {@code HMSG <subject> <sid> [reply] <header size> <total size>\r\n<headers><payload>\r\n}.
 * Nothing is allocated: numbers are written digit by digit.
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
        }
        if (withHeaders) {
            size += 1 + digits(m.headerLength()) + 1 + digits(m.bodyLength()) + m.bodyLength();
        } else {
            int payload = m.payloadLength();
            size += digits(payload) + payload;
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
        }
        if (withHeaders) {
            writeDecimal(out, m.headerLength());
            out.writeByte(' ');
            writeDecimal(out, m.bodyLength());
            out.writeShort(CRLF);
            out.writeBytes(in, m.bodyOffset(), m.bodyLength());
        } else {
            int headers = Math.max(m.headerLength(), 0);
            int payload = m.bodyLength() - headers;
            writeDecimal(out, payload);
            out.writeShort(CRLF);
            out.writeBytes(in, m.bodyOffset() + headers, payload);
        }
        out.writeShort(CRLF);
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
