package io.natsj.auth.callout;

/** Why an authorization response does not let the client in; the text goes to the server log. */
final class CalloutException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message why */
    CalloutException(String message) {
        super(message, null, false, false);
    }
}
