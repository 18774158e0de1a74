package io.natsj.spi.auth;

import io.natsj.spi.ServerIdentity;
import io.natsj.spi.service.InternalConnection;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel hands an authenticator once the server is listening
 * ({@link Authenticator#start}): the means to serve requests on the system account and to
 * act on the live connections its decisions admitted. Operator mode needs both: nats-server
 * takes account JWT updates on {@code $SYS.REQ.CLAIMS.UPDATE} and closes the connections an
 * update revokes. Implemented by the kernel.
 */
public interface AuthenticatorContext {

    /** @return the server's identity, for the {@code server} field of system responses */
    ServerIdentity server();

    /**
     * @param name the connection's name, for logs
     * @return a new internal connection in the system account, or empty when the server has
     *         no system account; the authenticator closes it when it is done
     */
    Optional<InternalConnection> systemConnection(String name);

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
