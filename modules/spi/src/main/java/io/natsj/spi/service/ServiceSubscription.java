package io.natsj.spi.service;

/** An internal subscription. */
public interface ServiceSubscription {

    /** @return the subject subscribed */
    String subject();

    /** Removes it; further messages are not delivered. */
    void unsubscribe();
}
