package io.natsj.kernel.peer;

import io.natsj.kernel.client.FlushSet;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.Outbound;
import io.natsj.kernel.client.RemotePeer;
import io.natsj.kernel.client.Subscriber;
import io.natsj.kernel.log.Log;
import io.natsj.kernel.subject.Subscription;
import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.PeerLink;
import io.natsj.spi.topology.QueueNames;
import io.netty.buffer.ByteBuf;
import java.time.Duration;

/**
 * A peer server as the owner of its subscriptions in the subject indexes. Publishers write
 * the plugin's frames into the peer's outbound buffer under the peer's own lock, and flush it
 * at the end of their read batch, as for a client.
 */
final class PeerSubscriber implements Subscriber, RemotePeer {

    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);

    private final PeerLink link;
    private final PeerKind kind;
    private final Outbound outbound;
    private volatile boolean closed;

    PeerSubscriber(PeerLink link, PeerKind kind, long maxPending) {
        this.link = link;
        this.kind = kind;
        this.outbound = new Outbound(link.channel(), maxPending, WRITE_DEADLINE.toNanos(),
                () -> slow("write deadline exceeded"), () -> slow("pending bytes over the limit"));
    }

    @Override
    public void forward(InboundMessage m, byte[] account, QueueNames queues, FlushSet flushes) {
        if (closed || !link.accepts(account, m, queues)) {
            return;
        }
        int size = link.frameSize(account, m, queues);
        outbound.lock();
        try {
            ByteBuf out = outbound.reserve(size);
            if (out == null) {
                slow("outbound buffer full");
                return;
            }
            link.writeFrame(out, account, m, queues);
        } finally {
            outbound.unlock();
        }
        flushes.add(outbound);
    }

    @Override
    public PeerKind kind() {
        return kind;
    }

    @Override
    public boolean deliver(Subscription sub, InboundMessage message, FlushSet flushes) {
        // The router forwards through remote() instead, once per message.
        return false;
    }

    @Override
    public void autoUnsubscribe(Subscription sub) {
        // A peer's interest carries no limit.
    }

    @Override
    public RemotePeer remote() {
        return this;
    }

    private void slow(String why) {
        if (!closed) {
            Log.error(link.label() + " - Slow Consumer Detected: " + why + "; closing the connection");
            link.channel().close();
        }
    }

    /** @return bytes waiting to be written to the peer */
    long pendingBytes() {
        return outbound.pendingBytes();
    }

    void close() {
        closed = true;
        outbound.close();
    }

    @Override
    public String toString() {
        return "Peer[" + link.label() + "]";
    }
}
