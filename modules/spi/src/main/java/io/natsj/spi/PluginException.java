package io.natsj.spi;

/**
 * Raised by a plugin when its configuration is invalid or it cannot start. The kernel reports
 * the message as-is and stops startup, so the message should name the offending key.
 */
public class PluginException extends RuntimeException {

    /**
     * @param message what went wrong, naming the config key concerned
     */
    public PluginException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the config key concerned
     * @param cause the underlying failure
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
