package io.natsj.spi.topology;

/**
 * Told when the local server's interest changes, to tell peers: a plain subject gains its
 * first or loses its last local subscription; a queue group's local member count (its
 * weight) changes. Interest learned from peers is never reported (it travels one hop).
 *
 * <p>Called on the thread that subscribed or unsubscribed, under the kernel's interest lock:
 * implementations hand the news on (a channel write) and return.
 */
public interface InterestListener {

    /**
     * @param account the account's name
     * @param subject the subject, wildcards allowed
     * @param queue the queue group, or null for plain interest
     * @param weight for a queue group, its local member count now (at least 1); 1 otherwise
     */
    void interest(String account, String subject, String queue, int weight);

    /**
     * @param account the account's name
     * @param subject the subject
     * @param queue the queue group, or null for plain interest
     */
    void noInterest(String account, String subject, String queue);

    /**
     * An account the server created after this listener began to watch (operator mode resolves
     * accounts when first needed: a user, an import, a peer naming it). Called before any of
     * its interest is told; a gateway switches the account to interest-only mode here, as
     * nats-server does when it registers an account.
     *
     * @param account the account's name
     */
    default void accountAdded(String account) {
    }
}
