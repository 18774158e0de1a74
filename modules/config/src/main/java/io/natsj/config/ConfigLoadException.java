package io.natsj.config;

/**
 * A configuration could not be loaded. The message starts with the nats-server style
 * {@code file:line:col: reason} of the first problem found.
 */
public final class ConfigLoadException extends RuntimeException {

    /**
     * @param message what went wrong, with its position
     * @param cause   the parser's exception, if any
     */
    public ConfigLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
