package io.natsj.kernel.client;

import io.natsj.spi.topology.PeerKind;
import io.natsj.spi.topology.QueueNames;

/**
 * A peer server seen from the delivery path: messages for any of its subscriptions go to it
 * in one frame, naming the queue groups it is to deliver to.
 */
public interface RemotePeer {

    /** @return what the peer is: it decides whether a message may go on to it */
    PeerKind kind();

    /**
     * Writes the message to the peer's outbound buffer; the publisher flushes it at the end
     * of its read batch.
     *
     * @param m the message
     * @param account the account's name as bytes
     * @param queues the queue groups the peer is to deliver to
     * @param flushes the publisher's flush set
     */
    void forward(InboundMessage m, byte[] account, QueueNames queues, FlushSet flushes);
}
