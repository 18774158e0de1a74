package io.natsj.spi.auth;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceAccount;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel hands an authenticator once the server's accounts exist
 * ({@link Authenticator#start}): accounts to send requests through (an auth callout), the
 * server's own signature, and the means to serve requests on the system account and to act on
 * the live connections its decisions admitted. Operator mode needs the last two: nats-server
 * takes account JWT updates on {@code $SYS.REQ.CLAIMS.UPDATE} and closes the connections an
 * update revokes. Implemented by the kernel.
 */
public interface AuthenticatorContext {

    /** @return the server's identity, for the {@code server} field of system responses */
    ServerIdentity server();

    /**
     * @param name an account name
     * @return the account, through which the authenticator opens internal connections (to send
     *         requests to an auth callout service), or empty when there is none of that name
     */
    Optional<ServiceAccount> account(String name);

    /**
     * Signs with the server's own NKey, whose public key is {@link ServerIdentity#serverId()}
     * (nats-server signs its authorization requests so).
     *
     * @param data the bytes to sign
     * @return the Ed25519 signature (64 bytes)
     */
    byte[] signAsServer(byte[] data);

    /**
     * @return true in operator mode: an authenticator resolves accounts itself
     *         ({@link Authenticator#resolvesAccounts()}), so accounts are JWTs, not configured
     */
    boolean operatorMode();

    /**
     * Asks the authenticators that resolve accounts (operator mode) for an account's callout
     * settings ({@link Authenticator#accountCallout}).
     *
     * @param account an account name
     * @return its settings, or empty when it is not a callout account
     */
    default Optional<AccountCallout> accountCallout(String account) {
        return Optional.empty();
    }

    /**
     * Asks the authenticators that resolve accounts to admit a user an auth callout service
     * issued ({@link Authenticator#admitIssuedUser}).
     *
     * @param userJwt the user JWT of the service's answer
     * @param account the account it places the user in
     * @param request the client's CONNECT
     * @return the first answer other than {@link AuthResult.NotApplicable}, else a refusal
     */
    default AuthResult admitIssuedUser(String userJwt, String account, AuthRequest request) {
        return new AuthResult.Rejected("no authenticator resolves account " + account);
    }

    /**
     * @param name the connection's name, for logs
     * @return a new internal connection in the system account, or empty when the server has
     *         no system account; the authenticator closes it when it is done
     */
    Optional<InternalConnection> systemConnection(String name);

    /**
     * Tells the kernel that an account's definition changed (an account JWT update, an
     * activation token that expired): if the account exists, the kernel asks
     * {@link Authenticator#define} again and replaces its exports, imports and settings, then
     * does the same for every account that imports from it (an export withdrawn, or an
     * activation revoked, ends their imports). Safe from any thread.
     *
     * @param account the account's name
     */
    void accountChanged(String account);

    /**
     * @param account an account name
     * @return the account's admitted client connections now, oldest first (nats-server closes
     *         the newest when an account's connection limit is lowered)
     */
    List<LiveClient> clients(String account);

    /**
     * One admitted client connection, as an authenticator sees it after admission.
     */
    interface LiveClient {

        /** @return the user JWT of its CONNECT, or empty */
        Optional<String> jwt();

        /**
         * Sends {@code -ERR '<error>'} and closes the connection; safe from any thread.
         *
         * @param error the error text, as nats-server sends it (e.g. {@code User Authentication Revoked})
         * @param reason the close reason monitoring reports (e.g. {@code Authentication Revoked})
         */
        void closeWithError(String error, String reason);

        /**
         * Replaces the payload and subscription limits the connection's credentials set, as
         * an account update changes them in nats-server (still lowered by the server's own);
         * its expiry stays. A connection that already holds as many subscriptions as it may
         * is told {@code maximum subscriptions exceeded} and closed. Safe from any thread.
         *
         * @param limits the new limits ({@link AuthResult.Limits#accountConnections()} is not used)
         */
        void applyLimits(AuthResult.Limits limits);
    }
}
