package io.natsj.spi.store;

/** A store could not do what it was asked. */
public class StoreException extends RuntimeException {

    /** Why a store call failed; the engine maps each to nats-server's API error. */
    public enum Reason {
        /** The disk or the store's limit is full (nats-server 10047, insufficient resources). */
        INSUFFICIENT_RESOURCES,
        /** A record is damaged in storage and is not served. */
        CORRUPT,
        /** Any other input/output failure. */
        IO
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message what happened, naming the stream (and the sequence when there is one)
     * @param cause the underlying failure, or null
     */
    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the call failed */
    public Reason reason() {
        return reason;
    }
}
