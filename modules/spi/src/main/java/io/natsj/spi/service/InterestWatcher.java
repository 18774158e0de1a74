package io.natsj.spi.service;

/**
 * Told whether subscribers are interested in one literal subject, for a service that
 * delivers there only while someone listens (a JetStream push consumer's deliver subject), so
 * that it need not poll {@link InternalConnection#hasLocalInterest}.
 *
 * <p>Registered with {@link InternalConnection#watchInterest}: told the state at once, then on
 * each change (the first subscription that reaches the subject, by its literal name or a
 * wildcard, appears; the last one goes). Plain subscriptions of peers count (deliveries go on
 * to them, see {@link InternalConnection#deliver}); peers' queue subscriptions and those of
 * the watching connection itself do not. Calls come in the order of the changes, never two at once, on the thread
 * that subscribed or unsubscribed and under the kernel's subject index lock: implementations
 * hand the news to their own executor and return without blocking or subscribing.
 */
@FunctionalInterface
public interface InterestWatcher {

    /** @param interested true when a subscriber now reaches the subject, false when none does */
    void interest(boolean interested);
}
