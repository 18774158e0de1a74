package io.natsj.nkeys;

/**
 * Raised when a text does not decode as an NKey: wrong characters, wrong length, bad checksum
 * or a prefix of the wrong type. The message says which, but never echoes a seed.
 */
public class NKeyException extends RuntimeException {

    /**
     * @param message what is wrong with the key
     */
    public NKeyException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the key
     * @param cause the underlying failure
     */
    public NKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
