package io.natsj.spi.auth;

/**
 * What an {@link Authenticator} decided.
 */
public sealed interface AuthResult {

    /** This authenticator does not handle the credentials presented; ask the next one. */
    record NotApplicable() implements AuthResult {
    }

    /**
     * The connection is let in.
     *
     * @param user the user name for logs and monitoring
     * @param account the account the connection belongs to ({@code $G} when none)
     * @param permissions what the user may publish and subscribe to
     */
    record Accepted(String user, String account, Permissions permissions) implements AuthResult {
    }

    /**
     * The connection is refused with {@code -ERR 'Authorization Violation'}.
     *
     * @param reason why, for the server log only (never sent to the client)
     */
    record Rejected(String reason) implements AuthResult {
    }

}
