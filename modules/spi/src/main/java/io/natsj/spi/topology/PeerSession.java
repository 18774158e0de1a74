package io.natsj.spi.topology;

/**
 * The kernel's side of one peer connection, opened by the plugin once the peer is known
 * (for a route: when its INFO is registered). Its methods are called on the peer
 * connection's event loop, one at a time.
 */
public interface PeerSession extends AutoCloseable {

    /**
     * Starts telling the listener about local interest: first everything there is now, then
     * each change, with nothing lost in between. Stops when the session closes.
     *
     * @param listener told of the local server's interest
     */
    void watchInterest(InterestListener listener);

    /**
     * The peer has interest (RS+): messages on the subject are forwarded to it.
     *
     * @param account the account
     * @param subject the subject, wildcards allowed
     * @param queue the queue group, or null
     * @param weight the peer's member count of the queue group (ignored without one)
     */
    void interest(AccountRef account, String subject, String queue, int weight);

    /**
     * The peer lost interest (RS-).
     *
     * @param account the account
     * @param subject the subject
     * @param queue the queue group, or null
     */
    void noInterest(AccountRef account, String subject, String queue);

    /**
     * Delivers a message the peer forwarded to the local subscribers (never to other peers,
     * except to a queue group of which no local member can take it).
     *
     * @param account the account
     * @param message the message, valid during the call
     * @param queues the queue groups the peer picked this server for
     * @return true when a plain subscription in this cluster matched (a local subscriber, a
     *         route's or a leaf's, not one learned over a gateway): a gateway answers a message
     *         without such interest with RS- or A- (nats-server's optimistic mode)
     */
    boolean deliver(AccountRef account, MessageView message, QueueNames queues);

    /** @return bytes buffered for the peer and not yet written to its socket */
    long pendingBytes();

    /** Flushes every connection written to since the last call: once per read batch. */
    void endOfReadBatch();

    /** Forgets all of the peer's interest; the link is no longer written to. */
    @Override
    void close();
}
