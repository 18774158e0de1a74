package io.natsj.kernel.client;

import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.SubjectIndex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * What one thread reuses for every {@link InternalClient#deliverAs}: the connections written into since the
 * last flush, the frame, and the last subject matched with the index generation it was
 * matched at (a consumer delivers a batch to one inbox, a push consumer always to one).
 */
final class DeliverState {
    final FlushSet flushes = new FlushSet();
    final InboundMessage message = new InboundMessage();
    /** The frame and message for peers, which route by the deliver subject ({@code reply@subject}). */
    final InboundMessage peerMessage = new InboundMessage();
    final RouteTargets targets = new RouteTargets();
    private ByteBuf peerFrame = Unpooled.buffer(512);
    private ByteBuf frame = Unpooled.buffer(512);
    boolean busy;
    String lastTo;
    long lastGeneration;
    MatchResult lastMatch;
    private String lastSubject;
    private byte[] lastSubjectBytes;

    ByteBuf frame(int size) {
        if (frame.capacity() > 64 * 1024 && size <= 512) {
            frame = Unpooled.buffer(512); // one large message does not pin a large buffer
        }
        frame.clear();
        frame.ensureWritable(size);
        return frame;
    }

    ByteBuf peerFrame(int size) {
        if (peerFrame.capacity() > 64 * 1024 && size <= 512) {
            peerFrame = Unpooled.buffer(512);
        }
        peerFrame.clear();
        peerFrame.ensureWritable(size);
        return peerFrame;
    }

    private String lastPeerTo;
    private byte[] lastPeerToBytes;

    /** @return a deliver subject in UTF-8 for peers, kept while it is the same */
    byte[] toBytes(String to) {
        if (to != lastPeerTo && !to.equals(lastPeerTo)) {
            lastPeerToBytes = to.getBytes(StandardCharsets.UTF_8);
            lastPeerTo = to;
        }
        return lastPeerToBytes;
    }

    /** @return {@code subject} in UTF-8: a consumer mostly presents the same few subjects, so the last is kept */
    byte[] subjectBytes(String subject) {
        if (subject != lastSubject && !subject.equals(lastSubject)) {
            lastSubjectBytes = subject.getBytes(StandardCharsets.UTF_8);
            lastSubject = subject;
        }
        return lastSubjectBytes;
    }

    /** @return the subscriptions {@code to} reaches, matched again only when the index changed */
    MatchResult match(SubjectIndex index, String to) {
        long generation = index.generation(); // before the match: a change after it is seen next time
        if (lastMatch == null || generation != lastGeneration || !to.equals(lastTo)) {
            lastMatch = index.match(to);
            lastTo = to;
            lastGeneration = generation;
        }
        return lastMatch;
    }
}
