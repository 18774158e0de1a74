package io.natsj.kernel.client;

import io.natsj.kernel.account.Account;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Carries a message across an import into another account, under a new subject and reply.
 *
 * <p>The message is copied into one pooled buffer (subject, reply, body) for the duration of
 * the delivery: subscribers copy it into their own outbound buffers before this returns.
 * Imports are off the plain publish path, so the copy costs only those who use them.
 */
public final class Republisher {

    private Republisher() {
    }

    /**
     * @param target the account the message enters
     * @param subject the subject in that account
     * @param reply the reply subject in that account, or null
     * @param original the message as published, for its headers and payload
     * @param flushes the original publisher's flush set
     * @return true when a subscriber in {@code target} took it
     */
    public static boolean republish(Account target, String subject, String reply, InboundMessage original,
                                    FlushSet flushes) {
        var result = target.index().match(subject);
        if (result.isEmpty()) {
            return false;
        }
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        byte[] r = reply == null ? null : reply.getBytes(StandardCharsets.UTF_8);
        int replyLength = r == null ? 0 : r.length;
        int bodyLength = original.bodyLength();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(s.length + replyLength + bodyLength);
        try {
            buf.writeBytes(s);
            if (r != null) {
                buf.writeBytes(r);
            }
            buf.writeBytes(original.buffer(), original.bodyOffset(), bodyLength);
            InboundMessage m = new InboundMessage();
            m.publisher(original.publisher());
            m.set(buf, 0, s.length, s.length, replyLength, original.headerLength(), s.length + replyLength, bodyLength);
            return MessageRouter.routeImported(m, result, flushes, new RouteTargets(), target.nameBytes());
        } finally {
            buf.release();
        }
    }

    /**
     * @param m a message
     * @return its subject
     */
    public static String subject(InboundMessage m) {
        return m.buffer().toString(m.subjectOffset(), m.subjectLength(), StandardCharsets.UTF_8);
    }

    /**
     * @param m a message
     * @return its reply subject, or null
     */
    public static String reply(InboundMessage m) {
        return m.replyLength() > 0
                ? m.buffer().toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8)
                : null;
    }

    /**
     * @param m a message being routed
     * @return the network client that published it, or null (a peer server, an internal client)
     */
    public static ClientConnection connection(InboundMessage m) {
        return m.publisher() instanceof ClientConnection c ? c : null;
    }

    /**
     * @param m a message being routed
     * @return true when a peer server (route, gateway, leaf) delivered it
     */
    public static boolean fromPeer(InboundMessage m) {
        return m.publisher() == null;
    }
}
