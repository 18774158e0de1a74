package io.natsj.spi.auth;

import java.util.List;

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

    /**
     * Subject permissions of one user.
     *
     * @param publishAllow subjects the user may publish to (empty: all)
     * @param publishDeny subjects the user may not publish to
     * @param subscribeAllow subjects the user may subscribe to (empty: all)
     * @param subscribeDeny subjects the user may not subscribe to
     * @param allowResponses maximum responses to requests received, 0 when not set
     */
    record Permissions(List<String> publishAllow, List<String> publishDeny,
                       List<String> subscribeAllow, List<String> subscribeDeny,
                       int allowResponses) {

        /** Everything allowed. */
        public static final Permissions ALL = new Permissions(List.of(), List.of(), List.of(), List.of(), 0);
    }
}
