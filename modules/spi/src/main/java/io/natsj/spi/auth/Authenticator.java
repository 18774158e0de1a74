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
     * Whether the accounts this authenticator admits users into are its own to know rather
     * than the configuration's (operator mode: accounts named by their public keys, whose JWTs
     * a resolver holds). The kernel then creates such an account, empty, the first time a user
     * of it is accepted, and accepts a system account that is not configured.
     *
     * @return true when {@link AuthResult.Accepted#account()} may name an account that is not
     *         in the configuration
     */
    default boolean resolvesAccounts() {
        return false;
    }

    /**
     * The system account this authenticator's configuration names (operator mode: the
     * operator JWT's {@code system_account}), which the kernel uses when the server
     * configuration names none.
     *
     * @return the system account's name, or empty
     */
    default java.util.Optional<String> systemAccount() {
        return java.util.Optional.empty();
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

    /**
     * Called once the server is listening, before clients connect, for an authenticator that
     * serves requests on the system account or acts on live connections (operator mode's claim
     * updates). The default does nothing.
     *
     * @param context the system account and the live connections
     */
    default void start(AuthenticatorContext context) {
    }

    /** Called when the server shuts down, after {@link #start}; the default does nothing. */
    default void stop() {
    }
}
