package io.natsj.spi.service;

/**
 * A client inside the server, bound to one account. Its subscriptions share wildcards,
 * queue groups and routing with network clients; its publishes reach network subscribers
 * (and peers) like a client's.
 *
 * <p>Handlers run on the publisher's thread (a network connection's event loop), as
 * nats-server runs internal callbacks in the delivering goroutine: they must not block, and
 * must hand slow work (disk) elsewhere. {@link #publish} may be called from any thread.
 */
public interface InternalConnection extends AutoCloseable {

    /**
     * @param subject a subscribe subject, wildcards allowed
     * @param queue a queue group, or null
     * @param handler called with each message
     * @return the subscription
     * @throws IllegalArgumentException for an invalid subject
     */
    ServiceSubscription subscribe(String subject, String queue, MessageHandler handler);

    /**
     * Publishes as this account. Network subscribers are flushed before this returns.
     *
     * @param subject a literal subject
     * @param reply a reply subject, or null
     * @param headers a header block ({@code NATS/1.0\r\n…\r\n\r\n}), or null
     * @param payload the payload
     */
    void publish(String subject, String reply, byte[] headers, byte[] payload);

    /** Removes every subscription of this connection. */
    @Override
    void close();
}
