package io.natsj.spi.service;

/** Receives the messages of one internal subscription. */
@FunctionalInterface
public interface MessageHandler {

    /** @param message the message; its arrays are copies the handler may keep */
    void onMessage(ServiceMessage message);
}
