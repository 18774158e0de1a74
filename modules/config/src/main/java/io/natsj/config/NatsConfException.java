package io.natsj.config;

import java.util.Objects;

/**
 * A nats-server format config file could not be read: the message starts with
 * {@code file:line:column:} like nats-server's own config errors.
 */
public final class NatsConfException extends RuntimeException {

    /** What went wrong, which decides whether another format is worth trying. */
    public enum Kind {
        /** The text does not follow the nats-server grammar. */
        SYNTAX,
        /** A {@code $variable} is neither defined earlier nor in the environment. */
        VARIABLE,
        /** A file (the config itself or an include) is missing, unreadable, or included in a cycle. */
        IO
    }

    private final Kind kind;
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param kind   category of the failure
     * @param file   name of the file (or string origin) being parsed
     * @param line   1-based line, 0 if unknown
     * @param column 1-based column, 0 if unknown
     * @param reason the message without the position prefix
     */
    public NatsConfException(Kind kind, String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.kind = Objects.requireNonNull(kind);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** @return the category of the failure */
    public Kind kind() {
        return kind;
    }

    /** @return the file (or origin name) where the failure was found */
    public String file() {
        return file;
    }

    /** @return the 1-based line of the failure */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the failure */
    public int column() {
        return column;
    }

    /** @return the message without the {@code file:line:col:} prefix */
    public String reason() {
        return reason;
    }
}
