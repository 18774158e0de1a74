package io.natsj.auth.jwt;

/**
 * A JWT that cannot be trusted: malformed, badly signed, of the wrong kind or no longer valid.
 * The message is for the server log; clients only ever see {@code Authorization Violation}.
 */
final class JwtException extends Exception {

    private static final long serialVersionUID = 1L;

    JwtException(String message) {
        super(message);
    }

    JwtException(String message, Throwable cause) {
        super(message, cause);
    }
}
