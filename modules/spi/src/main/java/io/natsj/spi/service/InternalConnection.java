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
     * <p>An empty {@code reply} is not the same as null: nats-server's internal clients publish
     * with an empty reply field, so what they send without a reply (PubAcks, advisories, direct
     * get answers, consumer status messages) reaches clients as {@code MSG <subject> <sid>  <size>},
     * two spaces; null writes no reply field, as a message that reached the client through a
     * service import (a JetStream API answer) has.
     *
     * @param subject a literal subject
     * @param reply a reply subject; empty for an empty reply field; null for none
     * @param headers a header block ({@code NATS/1.0\r\n…\r\n\r\n}), or null
     * @param payload the payload
     */
    void publish(String subject, String reply, byte[] headers, byte[] payload);

    /**
     * Delivers a message to the subscribers of {@code to} while presenting it under
     * {@code subject}, as nats-server delivers a JetStream consumer's message to a pull
     * request's reply subject with the message's own subject. A peer (route, leaf node,
     * gateway) with a plain subscription on {@code to} gets it as nats-server sends it: routed
     * by {@code to}, the presented subject after an {@code @} at the end of the reply
     * ({@code <reply>@<subject>}), which the receiving server takes apart for its local
     * subscribers; a peer's queue members do not get it. Unlike {@link #publish}, network
     * subscribers are not flushed: the caller delivers a batch and then calls
     * {@link #flushDeliveries()} on the same thread, so a batch costs one flush per receiver.
     *
     * @param to the subject whose subscribers receive the message (a reply inbox)
     * @param subject the subject the receivers see
     * @param reply a reply subject; empty for an empty reply field (see {@link #publish}); null for none
     * @param headers a header block, or null
     * @param payload the payload
     * @return true when at least one subscriber took the message
     */
    boolean deliver(String to, String subject, String reply, byte[] headers, byte[] payload);

    /**
     * {@link #deliver(String, String, String, byte[], byte[])} with the reply subject given as
     * bytes, for a caller that writes a new reply per message (a consumer's ack subject) into a
     * buffer it reuses: the bytes are copied before this returns.
     *
     * @param to the subject whose subscribers receive the message
     * @param subject the subject the receivers see
     * @param reply the reply subject in UTF-8, in {@code reply[0, replyLength)}
     * @param replyLength the reply's length in bytes (at least 1)
     * @param headers a header block, or null
     * @param payload the payload
     * @return true when at least one subscriber took the message
     */
    boolean deliver(String to, String subject, byte[] reply, int replyLength, byte[] headers, byte[] payload);

    /** Flushes the network subscribers that {@link #deliver} wrote into on this thread. */
    void flushDeliveries();

    /**
     * @param subject a literal subject
     * @return true when a subscriber {@link #deliver} reaches is interested in it: a local one
     *         of this account, or a peer's plain subscription (a JetStream push consumer's
     *         deliver subject subscribed on another server, as nats-server counts it)
     */
    boolean hasLocalInterest(String subject);

    /**
     * Watches interest in a literal subject, as {@link #hasLocalInterest} sees it (see
     * {@link InterestWatcher}): the watcher is
     * told the current state before this returns, then every change until the watch ends.
     *
     * @param subject a literal subject
     * @param watcher told when interest appears and goes
     * @return the watch; {@link ServiceSubscription#unsubscribe()} ends it (the watcher hears
     *         nothing once that returns), and so does {@link #close()}
     * @throws IllegalArgumentException for a subject that is not literal
     */
    ServiceSubscription watchInterest(String subject, InterestWatcher watcher);

    /** Removes every subscription and interest watch of this connection. */
    @Override
    void close();
}
