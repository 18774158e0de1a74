package io.natsj.spi.auth;

/**
 * Checks the credentials of one connection. Called on the connection's event loop, off the
 * hot path, once per CONNECT; may block briefly (a bcrypt comparison) but never on the
 * network: an authenticator that must ask another party answers {@link AuthResult.Pending}.
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
     * For an authenticator that {@link #resolvesAccounts()}: the exports, imports and service
     * settings of one of its accounts. The kernel asks when it creates the account (before the
     * first user of it is admitted, and for an account another one imports from), and again
     * after {@link AuthenticatorContext#accountChanged}. Called on an event loop; may read the
     * authenticator's resolver, as authentication does.
     *
     * @param account the account's name
     * @return its definition, or empty when this authenticator does not define it
     */
    default java.util.Optional<AccountDefinition> define(String account) {
        return java.util.Optional.empty();
    }

    /**
     * For an authenticator that {@link #resolvesAccounts()}: asks the network for an account
     * it cannot {@link #define} now, without waiting (a directory resolver asks its cluster,
     * nats-server's {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP}). The kernel asks when a peer
     * names an account the server lacks ({@code LocalServer.resolveAccountLater}), and asks
     * {@link #define} again once the stage completes. Called on an event loop: must not block.
     *
     * @param account the account's name, as a peer sent it (not necessarily a valid key)
     * @return a stage completing, on any thread, with true when the account may now be
     *         defined and false when the lookup failed or timed out; empty when this
     *         authenticator cannot look the account up (no such resolver, not an account key,
     *         or its resolver already holds a JWT for it)
     */
    default java.util.Optional<java.util.concurrent.CompletionStage<Boolean>> lookupAccount(String account) {
        return java.util.Optional.empty();
    }

    /**
     * For an authenticator that {@link #resolvesAccounts()}: whether one of its accounts is a
     * callout account (its account JWT's {@code authorization} section names
     * {@code auth_users}), for the auth callout plugin. Called on an event loop, as
     * authentication is.
     *
     * @param account the account's name
     * @return its callout settings, or empty when it has none or this authenticator does not
     *         know it
     */
    default java.util.Optional<AccountCallout> accountCallout(String account) {
        return java.util.Optional.empty();
    }

    /**
     * For an authenticator that {@link #resolvesAccounts()}: admits a user whose JWT an auth
     * callout service issued (operator mode), as the JWT would admit a client but without the
     * client's proof of the user key (the server made the key up for the request, and the
     * service's answer is already checked): the JWT must be signed by {@code account} or one
     * of its signing keys (a scoped key's template then gives the permissions), be valid now,
     * allow the connection's type and {@code times}; the account's default permissions apply
     * when it names none, and the user's and account's limits as for any user.
     *
     * @param userJwt the user JWT of the service's answer
     * @param account the account it places the user in
     * @param request the client's CONNECT
     * @return {@link AuthResult.Accepted} into {@code account}, {@link AuthResult.Rejected}
     *         with the reason, or {@link AuthResult.NotApplicable} when this authenticator does
     *         not know the account
     */
    default AuthResult admitIssuedUser(String userJwt, String account, AuthRequest request) {
        return new AuthResult.NotApplicable();
    }

    /**
     * Asked after another authenticator accepted a connection, before the kernel admits it: an
     * auth callout in operator mode takes the clients of a callout account
     * ({@link AccountCallout}) over and asks its service. The kernel asks every authenticator
     * but the one that accepted, in order; the first answer other than {@code accepted} itself
     * decides (an {@link AuthResult.Accepted} it answers names an account the accepting
     * authenticator resolves).
     *
     * @param request the CONNECT
     * @param accepted what the other authenticator decided, its account existing already
     * @return {@code accepted} to leave it, or a refusal, another admission, or
     *         {@link AuthResult.Pending}
     */
    default AuthResult review(AuthRequest request, AuthResult.Accepted accepted) {
        return accepted;
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
     * Whether this authenticator serves a list of users ({@code users} with passwords, or NKey
     * users), which nats-server keeps apart from the single {@code user}/{@code token} of the
     * {@code authorization} block: a listener's own user or token is refused next to them.
     *
     * @return true when it lists users or NKey users; by default, when {@link #userNames()} has any
     */
    default boolean listsUsers() {
        return !userNames().isEmpty();
    }

    /**
     * Whether the kernel asks this authenticator before the others, whatever the plugins'
     * order: an auth callout decides first which clients it handles and leaves the others
     * ({@code auth_users}) to the users lists.
     *
     * @return true to be asked first
     */
    default boolean askedFirst() {
        return false;
    }

    /**
     * Called once the server's accounts exist, before any client can connect, for an
     * authenticator that needs the server itself (internal connections, the server's key,
     * the system account's services and the live connections of operator mode).
     *
     * @param context what the running server offers
     * @throws io.natsj.spi.PluginException when the configuration cannot be served by this
     *         server (an account that does not exist)
     */
    default void start(AuthenticatorContext context) {
    }

    /** Called when the server stops; releases what {@link #start} took. */
    default void stop() {
    }
}
