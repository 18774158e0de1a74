package io.natsj.config.cli;

/**
 * The command line is not valid. The message is nats-server's (e.g.
 * {@code flag provided but not defined: -foo}); the caller prints it with the usage text and
 * exits with status 1.
 */
public final class CommandLineException extends Exception {

    /** @param message what is wrong, naming the flag */
    public CommandLineException(String message) {
        super(message);
    }
}
