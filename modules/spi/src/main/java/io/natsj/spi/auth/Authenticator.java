package io.natsj.spi.auth;

/**
 * Checks the credentials of one connection. Called off the I/O threads' hot path, once per
 * CONNECT; may block briefly (a bcrypt comparison) but not on the network.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param request the connection and its credentials
     * @return accepted, rejected, or not applicable to these credentials
     */
    AuthResult authenticate(AuthRequest request);

    /**
     * @return true when this authenticator needs a nonce in INFO to check signatures (NKeys)
     */
    default boolean needsNonce() {
        return false;
    }

    /**
     * @param user a user name
     * @return true when this authenticator knows the user (to check {@code no_auth_user})
     */
    default boolean knowsUser(String user) {
        return false;
    }

    /**
     * @return the names of the users this authenticator lists, which a client certificate may
     *         name under {@code verify_and_map}; empty when it lists none
     */
    default java.util.Set<String> userNames() {
        return java.util.Set.of();
    }
}
