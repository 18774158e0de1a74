package io.natsj.kernel.client;

import io.natsj.kernel.subject.Subscription;

/**
 * The owner of subscriptions: a network connection, or an internal client of the server
 * (JetStream, the system account) that receives messages through the same index and routing.
 */
public interface Subscriber {

    /**
     * Delivers one message. Called on the publisher's thread, any thread.
     *
     * @param sub the subscription that matched
     * @param message the message, valid only during the call
     * @param flushes the publisher's set of connections to flush at the end of its read batch
     * @return true when delivered; false when the subscriber could not take it (closed, slow,
     *         or its auto-unsubscribe limit was reached), so that a queue group can try another
     */
    boolean deliver(Subscription sub, InboundMessage message, FlushSet flushes);

    /**
     * Removes a subscription whose auto-unsubscribe limit was reached.
     *
     * @param sub the subscription
     */
    void autoUnsubscribe(Subscription sub);

    /**
     * @return true for the server's own links between accounts (imports), which never take a
     *         message that already crossed one, so that imports cannot loop
     */
    default boolean isImport() {
        return false;
    }

    /**
     * @return the peer server behind this subscriber, to forward to once per message however
     *         many of its subscriptions match; null for a local subscriber
     */
    default RemotePeer remote() {
        return null;
    }
}
