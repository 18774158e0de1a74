package io.natsj.spi.topology.wire;

import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.QueueNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The bytes natsj writes to a peer server (route or gateway: the same frames). Messages ({@link #messageSize}/{@link #writeMessage}) are
 * written on the publisher's thread into the peer's outbound buffer, straight from the
 * publisher's read buffer, with sizes written digit by digit: nothing is allocated. Interest
 * lines and the rest are small and rare.
 *
 * <pre>
 * RMSG acc subj [reply] size            HMSG acc subj [reply] hdr total
 * RMSG acc subj + reply q1 q2 size      HMSG acc subj + reply q1 q2 hdr total
 * RMSG acc subj | q1 q2 size            HMSG acc subj | q1 q2 hdr total
 * </pre>
 * A message with headers goes to a peer that did not say {@code headers:true} as RMSG
 * without its header block, as nats-server does.
 *
 * <p>A leaf connection is bound to one account on each side, so its frames name none
 * ({@link #leafMessageSize}/{@link #writeLeafMessage}, {@link #leafInterest}):
 * <pre>
 * LMSG subj [reply] size                HMSG subj [reply] hdr total
 * LMSG subj + reply q1 q2 size          LS+ subj [queue weight]   LS- subj [queue]
 * </pre>
 */
public final class WireFrames {

    private static final byte[] RMSG = "RMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HMSG = "HMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LMSG = "LMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private WireFrames() {
    }

    /**
     * @param headers true when the peer takes HMSG
     * @param account the account name
     * @param m the message
     * @param queues the queue groups picked on that peer
     * @return the exact size {@link #writeMessage} writes
     */
    public static int messageSize(boolean headers, byte[] account, MessageView m, QueueNames queues) {
        return size(headers, account.length + 1, m, queues);
    }

    /**
     * @param headers true when the leaf peer takes HMSG
     * @param m the message
     * @param queues the queue groups picked on that peer
     * @return the exact size {@link #writeLeafMessage} writes
     */
    public static int leafMessageSize(boolean headers, MessageView m, QueueNames queues) {
        return size(headers, 0, m, queues);
    }

    private static int size(boolean headers, int accountPart, MessageView m, QueueNames queues) {
        boolean hmsg = headers && m.headerLength() >= 0;
        int body = hmsg || m.headerLength() < 0 ? m.bodyLength() : m.bodyLength() - m.headerLength();
        int size = 5 + accountPart + m.subjectLength();
        int q = queues.size();
        if (q > 0) {
            size += 2; // " +" or " |"
            if (m.replyLength() > 0) {
                size += 1 + m.replyLength();
            }
            for (int i = 0; i < q; i++) {
                size += 1 + queues.get(i).length;
            }
        } else if (m.replyLength() > 0) {
            size += 1 + m.replyLength();
        }
        if (hmsg) {
            size += 1 + digits(m.headerLength());
        }
        return size + 1 + digits(body) + 2 + body + 2;
    }

    /**
     * Writes the message frame; {@link #messageSize} bytes are reserved in {@code out}.
     *
     * @param out the peer's outbound buffer
     * @param headers true when the peer takes HMSG
     * @param account the account name
     * @param m the message
     * @param queues the queue groups picked on that peer
     */
    public static void writeMessage(ByteBuf out, boolean headers, byte[] account, MessageView m, QueueNames queues) {
        write(out, headers, RMSG, account, m, queues);
    }

    /**
     * Writes a leaf frame (LMSG, or HMSG without account); {@link #leafMessageSize} bytes are
     * reserved in {@code out}.
     *
     * @param out the leaf peer's outbound buffer
     * @param headers true when the leaf peer takes HMSG
     * @param m the message
     * @param queues the queue groups picked on that peer
     */
    public static void writeLeafMessage(ByteBuf out, boolean headers, MessageView m, QueueNames queues) {
        write(out, headers, LMSG, null, m, queues);
    }

    private static void write(ByteBuf out, boolean headers, byte[] plain, byte[] account, MessageView m,
                              QueueNames queues) {
        boolean hmsg = headers && m.headerLength() >= 0;
        boolean strip = !hmsg && m.headerLength() >= 0;
        ByteBuf src = m.buffer();
        out.writeBytes(hmsg ? HMSG : plain);
        if (account != null) {
            out.writeBytes(account);
            out.writeByte(' ');
        }
        out.writeBytes(src, m.subjectOffset(), m.subjectLength());
        int q = queues.size();
        if (q > 0) {
            if (m.replyLength() > 0) {
                out.writeByte(' ').writeByte('+').writeByte(' ');
                out.writeBytes(src, m.replyOffset(), m.replyLength());
            } else {
                out.writeByte(' ').writeByte('|');
            }
            for (int i = 0; i < q; i++) {
                out.writeByte(' ');
                out.writeBytes(queues.get(i));
            }
        } else if (m.replyLength() > 0) {
            out.writeByte(' ');
            out.writeBytes(src, m.replyOffset(), m.replyLength());
        }
        if (hmsg) {
            out.writeByte(' ');
            writeDecimal(out, m.headerLength());
        }
        int bodyAt = strip ? m.bodyOffset() + m.headerLength() : m.bodyOffset();
        int body = strip ? m.bodyLength() - m.headerLength() : m.bodyLength();
        out.writeByte(' ');
        writeDecimal(out, body);
        out.writeBytes(CRLF);
        out.writeBytes(src, bodyAt, body);
        out.writeBytes(CRLF);
    }

    /**
     * @param alloc the channel's allocator
     * @param account the account name
     * @param subject the subject
     * @param queue the queue group, or null
     * @param weight the queue group's local member count
     * @return {@code RS+ acc subj[ queue weight]\r\n}
     */
    public static ByteBuf interest(ByteBufAllocator alloc, String account, String subject, String queue, int weight) {
        String line = queue == null ? "RS+ " + account + " " + subject + "\r\n"
                : "RS+ " + account + " " + subject + " " + queue + " " + weight + "\r\n";
        return ascii(alloc, line);
    }

    /**
     * @param alloc the channel's allocator
     * @param account the account name
     * @param subject the subject
     * @param queue the queue group, or null
     * @return {@code RS- acc subj[ queue]\r\n}
     */
    public static ByteBuf noInterest(ByteBufAllocator alloc, String account, String subject, String queue) {
        String line = queue == null ? "RS- " + account + " " + subject + "\r\n"
                : "RS- " + account + " " + subject + " " + queue + "\r\n";
        return ascii(alloc, line);
    }

    /**
     * @param alloc the channel's allocator
     * @param subject the subject
     * @param queue the queue group, or null
     * @param weight the queue group's member count on this side
     * @return {@code LS+ subj[ queue weight]\r\n}
     */
    public static ByteBuf leafInterest(ByteBufAllocator alloc, String subject, String queue, int weight) {
        return ascii(alloc, queue == null ? "LS+ " + subject + "\r\n" : "LS+ " + subject + " " + queue + " " + weight + "\r\n");
    }

    /**
     * @param alloc the channel's allocator
     * @param subject the subject
     * @param queue the queue group, or null
     * @return {@code LS- subj[ queue]\r\n}
     */
    public static ByteBuf leafNoInterest(ByteBufAllocator alloc, String subject, String queue) {
        return ascii(alloc, queue == null ? "LS- " + subject + "\r\n" : "LS- " + subject + " " + queue + "\r\n");
    }

    /**
     * @param alloc the channel's allocator
     * @param line a whole protocol line, CRLF included
     * @return it as UTF-8 bytes
     */
    public static ByteBuf ascii(ByteBufAllocator alloc, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /**
     * @param text the error text
     * @return {@code -ERR '<text>'\r\n}
     */
    public static String err(String text) {
        return "-ERR '" + text + "'\r\n";
    }

    public static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static void writeDecimal(ByteBuf out, int v) {
        int d = digits(v);
        out.ensureWritable(d);
        int at = out.writerIndex();
        out.writerIndex(at + d);
        for (int i = at + d - 1; i >= at; i--) {
            out.setByte(i, '0' + v % 10);
            v /= 10;
        }
    }
}
