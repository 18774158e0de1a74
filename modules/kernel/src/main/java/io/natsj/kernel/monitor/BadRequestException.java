package io.natsj.kernel.monitor;

/**
 * A query nats-server would refuse with {@code 400 Bad Request}; the message is its exact
 * error text, which becomes the plain-text body.
 */
public final class BadRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the text of the 400 answer
     */
    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
