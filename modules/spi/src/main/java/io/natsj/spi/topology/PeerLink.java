package io.natsj.spi.topology;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The plugin's side of one connection to a peer server: it knows the wire format, the
 * kernel knows when to send. The kernel buffers the frames the link writes in the peer's
 * outbound buffer, as it does for a client, and flushes them once at the end of each
 * publisher's read batch; so forwarding allocates nothing and takes no lock shared across
 * connections.
 */
public interface PeerLink {

    /** @return the peer connection's channel, written to by the kernel's outbound buffer */
    Channel channel();

    /**
     * @param account the account's name as UTF-8 bytes
     * @param message the message
     * @param queues the queue groups the peer is to deliver to
     * @return the size in bytes of the frame {@link #writeFrame} will write
     */
    int frameSize(byte[] account, MessageView message, QueueNames queues);

    /**
     * Writes the frame carrying the message to the peer ({@code RMSG}/{@code HMSG} for a
     * route). Called on the publisher's thread with the peer's outbound buffer locked.
     *
     * @param out the buffer to append to; {@link #frameSize} bytes are reserved
     * @param account the account's name as UTF-8 bytes
     * @param message the message
     * @param queues the queue groups the peer is to deliver to
     */
    void writeFrame(ByteBuf out, byte[] account, MessageView message, QueueNames queues);

    /**
     * Whether the peer may be sent a message at all, asked before {@link #frameSize}: a leaf
     * connection refuses the subjects it denies (nats-server's JetStream denies, such as
     * {@code $JS.API.>} when both sides run JetStream). Called on the publisher's thread for
     * every message forwarded, so it must not allocate. Leaf permissions ({@code deny_exports},
     * a leaf user's) refuse subjects here too, even where the peer has interest, as nats-server
     * checks each delivery to a leaf.
     *
     * @param message the message
     * @return false to drop it for this peer
     */
    default boolean accepts(MessageView message) {
        return true;
    }

    /**
     * As {@link #accepts(MessageView)}, knowing the account and the queue groups the peer was
     * picked for; this is the one the kernel asks. A gateway in nats-server's optimistic mode
     * holds a subscription to {@code >} in every account and refuses here what the other
     * cluster said it has no interest in (A-, RS-), unless the message is for one of its queue
     * groups. Called on the publisher's thread for every message forwarded: it must not
     * allocate nor take a lock shared across connections.
     *
     * @param account the account's name as UTF-8 bytes (the same array for every message of
     *        the account)
     * @param message the message
     * @param queues the queue groups the peer is to deliver to
     * @return false to drop it for this peer
     */
    default boolean accepts(byte[] account, MessageView message, QueueNames queues) {
        return accepts(message);
    }

    /** @return a short name for logs, e.g. {@code rid:3 - 127.0.0.1:6222} */
    String label();
}
