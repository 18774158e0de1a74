package io.natsj.topology.leafnodes;

import io.natsj.spi.topology.InterestListener;
import io.natsj.spi.topology.MessageView;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.QueueNames;
import io.natsj.spi.topology.wire.LineQueue;
import io.natsj.spi.topology.wire.WireFrames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The kernel's way out over one leaf connection: messages as LMSG/HMSG frames without an
 * account ({@link PeerLink}), and this server's interest in the connection's bound account as
 * LS+/LS- ({@link InterestListener}; the kernel tells a leaf listener every subscription but the
 * connection's own, so the other side never hears its own interest back). Interest of other
 * accounts is not for this connection and is dropped here.
 *
 * <p>Lines go through one queue the connection's event loop drains, so they leave in the order
 * of the kernel's interest lock.
 */
final class LeafLink implements PeerLink, InterestListener {

    private final LeafConnection connection;
    private final Channel channel;
    private final LineQueue lines;
    private volatile String account;
    private volatile boolean headers;
    private volatile LeafDenies denies = LeafDenies.NONE;
    // Written under the kernel's outbound lock, read by /leafz without it.
    private long outMsgs;
    private long outBytes;

    LeafLink(LeafConnection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
        this.lines = new LineQueue(channel, connection::isClosing);
    }

    /** @param both true when both sides take headers: HMSG, else headers are stripped */
    void headers(boolean both) {
        headers = both;
    }

    /** @param d the subjects this connection keeps on its side; set before the session opens */
    void denies(LeafDenies d) {
        denies = d;
    }

    LeafDenies denies() {
        return denies;
    }

    @Override
    public boolean accepts(MessageView message) {
        if (denies.refusesMessage(message.buffer(), message.subjectOffset(), message.subjectLength())) {
            return false;
        }
        LeafPermissions p = connection.permissions();
        return p == LeafPermissions.NONE
                || p.mayDeliver(message.buffer(), message.subjectOffset(), message.subjectLength());
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public int frameSize(byte[] accountName, MessageView message, QueueNames queues) {
        return WireFrames.leafMessageSize(headers, message, queues);
    }

    @Override
    public void writeFrame(ByteBuf out, byte[] accountName, MessageView message, QueueNames queues) {
        WireFrames.writeLeafMessage(out, headers, message, queues);
        outMsgs++;
        outBytes += message.bodyLength();
    }

    @Override
    public void interest(String acc, String subject, String queue, int weight) {
        if (acc.equals(account) && !denies.refusesInterest(subject) && connection.maySubscribe(subject)) {
            lines.add(WireFrames.leafInterest(channel.alloc(), subject, queue, weight));
        }
    }

    @Override
    public void noInterest(String acc, String subject, String queue) {
        if (acc.equals(account) && !denies.refusesInterest(subject) && connection.maySubscribe(subject)) {
            lines.add(WireFrames.leafNoInterest(channel.alloc(), subject, queue));
        }
    }

    /**
     * Sends the bound account's whole interest, then each change, then the loop detection
     * subject.
     *
     * @param session the connection's kernel session
     * @param bound the local account the connection is bound to
     * @param loopSubject this server's {@code $LDS.} subject
     */
    void sendInterest(PeerSession session, String bound, String loopSubject) {
        account = bound;
        lines.holdWhile(() -> session.watchInterest(this));
        lines.add(WireFrames.leafInterest(channel.alloc(), loopSubject, null, 1));
        lines.drain();
    }

    /** Sends a whole line now, in order with the interest lines. */
    void send(String line) {
        lines.add(WireFrames.ascii(channel.alloc(), line));
    }

    /** The connection closed: lines still queued are dropped. */
    void discard() {
        lines.discard();
    }

    long outMsgs() {
        return outMsgs;
    }

    long outBytes() {
        return outBytes;
    }

    @Override
    public String label() {
        return connection.label();
    }
}
