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
     * @param limits limits the credentials set on the connection and its account (a JWT's),
     *        on top of the server's own
     * @param expires when the credentials expire: the kernel closes the connection then with
     *        {@code -ERR 'User Authentication Expired'}; null for never
     */
    record Accepted(String user, String account, Permissions permissions, Limits limits,
                    java.time.Instant expires) implements AuthResult {

        /**
         * A connection let in with no limits beyond the server's and credentials that do not expire.
         *
         * @param user the user name for logs and monitoring
         * @param account the account the connection belongs to ({@code $G} when none)
         * @param permissions what the user may publish and subscribe to
         */
        public Accepted(String user, String account, Permissions permissions) {
            this(user, account, permissions, Limits.NONE, null);
        }
    }

    /**
     * Limits that credentials carry (a user JWT's and its account JWT's, as nats-server applies
     * them): each is a count, {@link #UNLIMITED} for none, and 0 allows nothing. The kernel
     * applies the smaller of a limit here and the server's own.
     *
     * @param maxPayload largest message payload the connection may publish
     * @param maxSubscriptions subscriptions the connection may hold
     * @param accountConnections client connections the account may have at once; the
     *        connection that would exceed it is refused with
     *        {@code -ERR 'maximum account active connections exceeded'}
     * @param accountLeafConnections leaf node connections the account may have at once (an
     *        account JWT's {@code leaf}); it applies only when the credentials bind a leaf
     *        node connection, which is then refused with
     *        {@code -ERR 'maximum account active connections exceeded'} as nats-server does
     */
    record Limits(long maxPayload, long maxSubscriptions, long accountConnections, long accountLeafConnections) {

        /** No limit. */
        public static final long UNLIMITED = -1;

        /** No limits at all. */
        public static final Limits NONE = new Limits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);

        /**
         * Limits that do not restrict leaf node connections.
         *
         * @param maxPayload largest message payload the connection may publish
         * @param maxSubscriptions subscriptions the connection may hold
         * @param accountConnections client connections the account may have at once
         */
        public Limits(long maxPayload, long maxSubscriptions, long accountConnections) {
            this(maxPayload, maxSubscriptions, accountConnections, UNLIMITED);
        }
    }

    /**
     * The connection is refused with {@code -ERR 'Authorization Violation'}.
     *
     * @param reason why, for the server log only (never sent to the client)
     */
    record Rejected(String reason) implements AuthResult {
    }

    /**
     * The answer comes later, from the network (an auth callout service). The kernel stops
     * reading from the connection until the stage completes, then finishes the CONNECT on the
     * connection's event loop: operations the client pipelined after CONNECT (a PING) are
     * handled only after the answer, as nats-server does. The auth timeout keeps running.
     *
     * @param result completes with {@link Accepted} or {@link Rejected} (anything else, or an
     *        exceptional completion, refuses the client); it may complete on any thread
     */
    record Pending(java.util.concurrent.CompletionStage<AuthResult> result) implements AuthResult {
    }

}
