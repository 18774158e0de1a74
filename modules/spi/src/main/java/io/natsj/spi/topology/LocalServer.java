package io.natsj.spi.topology;

import io.natsj.spi.service.JetStreamPresence;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import java.util.List;

/**
 * What a topology plugin may ask of the local server: its accounts, a session per peer,
 * and the client URLs clients learn from INFO.
 */
public interface LocalServer {

    /**
     * @param name an account name as a peer sends it ({@code $G} for the global account)
     * @return the account, or null when this server has none of that name
     */
    AccountRef account(String name);

    /**
     * Finds an account a peer names, resolving it when the server can: in operator mode an
     * account is created when first needed, so a route's RS+ or RMSG (or a gateway's, or a
     * leaf remote's bound account) may name one no local user has used yet; the server then
     * looks its JWT up as a user's CONNECT would (nats-server's LookupAccount on a routed
     * message) and defines it. Outside operator mode this is {@link #account}. A directory or
     * memory resolver answers at once; a URL resolver may block the caller for its fetch, so
     * callers should look an account up once per name and keep the result (a failed lookup is
     * asked again next time, the account may have been pushed since).
     *
     * @param name an account name as a peer sends it
     * @return the account, or null when the server neither has it nor can resolve it
     */
    default AccountRef resolveAccount(String name) {
        return account(name);
    }

    /**
     * Finds an account a peer names as {@link #resolveAccount} does, and when that finds
     * nothing but the server may still get the account from the network (operator mode with a
     * {@code full} or {@code cache} directory resolver: nats-server's
     * {@code $SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP} to the cluster, the lookup a client's CONNECT
     * starts too), starts that lookup without waiting for it. Lookups of one account are shared
     * (one request to the cluster at a time, whoever asks); one that no server answers ends
     * after the resolver's {@code timeout}.
     *
     * @param name an account name as a peer sends it
     * @return a stage completed at once with the account, or with null when the server neither
     *         has nor can get it; otherwise one that completes, on any thread, with the account
     *         once the lookup brought it (or another path did meanwhile), or with null when the
     *         lookup failed or timed out. The caller hops to its own thread to use the answer.
     */
    default java.util.concurrent.CompletionStage<AccountRef> resolveAccountLater(String name) {
        return java.util.concurrent.CompletableFuture.completedFuture(resolveAccount(name));
    }

    /**
     * Tells {@code listener} of every account the server creates from now on (operator mode
     * resolves accounts as they are first needed), on the thread that created it, before any
     * message of the account is routed.
     *
     * @param listener told the new account
     * @return what stops the telling
     */
    default Runnable onAccountAdded(java.util.function.Consumer<AccountRef> listener) {
        return () -> { };
    }

    /**
     * @return the names of the accounts the server has now (a snapshot): a gateway switches
     *         each to interest-only mode, or sends each optimistically, as nats-server does for
     *         its registered accounts
     */
    List<String> accountNames();

    /**
     * Opens the kernel's side of a peer connection.
     *
     * @param link how to write to the peer
     * @param kind what the peer is, which decides where its messages go next
     * @return the session; close it when the connection ends
     */
    PeerSession openSession(PeerLink link, PeerKind kind);

    /** @return the URLs clients reach this server at ({@code host:port}), as advertised */
    List<String> clientConnectUrls();

    /**
     * Tells clients about the other servers: INFO {@code connect_urls} lists these after the
     * server's own, and clients that asked for it (protocol 1) get an asynchronous INFO. Once
     * a peer's URLs were given, INFO keeps {@code connect_urls} (the server's own alone when
     * every peer is gone), as nats-server does, so that clients forget departed servers.
     *
     * @param urls the client URLs ({@code host:port}) of the peers, in any order
     */
    void peerClientUrls(List<String> urls);

    /**
     * @return the URLs WebSocket clients reach this server at ({@code host:port}, as the
     *         websocket section advertises; route INFO {@code ws_connect_urls}), empty when it
     *         has no WebSocket listener
     */
    default List<String> webSocketConnectUrls() {
        return List.of();
    }

    /**
     * Tells WebSocket clients about the other servers, as {@link #peerClientUrls} does for the
     * others: their INFO {@code connect_urls} lists these after this server's WebSocket URLs
     * (nats-server gives WebSocket clients the cluster's {@code ws_connect_urls} there), and
     * those speaking protocol 1 get an asynchronous INFO.
     *
     * @param urls the WebSocket URLs ({@code host:port}) of the peers, in any order
     */
    default void peerWebSocketConnectUrls(List<String> urls) {
    }

    /**
     * @return the WebSocket URLs of the cluster ({@code host:port}): this server's first, then
     *         those its route peers gave ({@code ws_connect_urls}); a hub gives them to its leaves
     *         in INFO {@code ws_connect_urls}, for leaves that dial it over WebSocket
     */
    default List<String> clusterWebSocketConnectUrls() {
        return webSocketConnectUrls();
    }

    /** @return the largest payload a client may publish here */
    int maxPayload();

    /**
     * @return the server's {@code max_subscriptions} (per connection; leaf node connections
     *         are held to it too, as in nats-server), 0 for none
     */
    default int maxSubscriptions() {
        return 0;
    }

    /** @return true unless headers are switched off ({@code no_header_support}) */
    boolean headers();

    /** @return how far a peer's outbound buffer may grow before the peer counts as slow */
    long maxPending();

    /** @return true while in lame duck mode */
    boolean isLameDuck();

    /**
     * Tells clients the cluster's name: INFO {@code cluster}, and an asynchronous INFO to
     * clients speaking protocol 1 when it changes (a dynamic name settling).
     *
     * @param name the cluster name
     */
    void clusterName(String name);

    /** @return how often an idle connection is pinged ({@code ping_interval}) */
    java.time.Duration pingInterval();

    /** @return unanswered pings before a connection is stale ({@code ping_max}) */
    int pingMax();

    /** @return the longest protocol line accepted ({@code max_control_line}) */
    int maxControlLine();

    /** @return a new connection id, from the counter client ids come from (as nats-server's cid/rid) */
    long nextConnectionId();

    /**
     * @return what this server's routes carry for its gateways (gateway URLs, other clusters),
     *     one per server, shared by the routes and gateways plugins
     */
    ClusterGateways clusterGateways();

    /**
     * @return the leaf-node URLs this server's routes carry (its own and its peers'), shared by
     *     the routes and leaf-nodes plugins; one per server (this default, for servers that
     *     keep none, answers a new empty one each time, so nothing is carried)
     */
    default ClusterLeafUrls clusterLeafUrls() {
        return new ClusterLeafUrls();
    }

    /**
     * @return this server's JetStream (enabled, domain, accounts), {@link JetStreamPresence#NONE}
     *         when no service runs it; leaf connections decide from it which JetStream subjects
     *         stay on their side
     */
    default JetStreamPresence jetStream() {
        return JetStreamPresence.NONE;
    }

    /** @return the system account's name, or null when the server has none ({@code no_system_account}) */
    default String systemAccount() {
        return null;
    }

    /**
     * Checks a peer's CONNECT against the server's client authentication: the users, nkeys,
     * JWTs (operator mode) or auth callout clients are checked against, as nats-server checks
     * a leaf connection when {@code leafnodes.authorization} is absent. Without client
     * authentication the peer is accepted into {@code $G}; without credentials it is the
     * {@code no_auth_user}. Authenticators read {@link AuthRequest#connectionType()} (a leaf's
     * is {@code LEAFNODE}) against a user JWT's {@code allowed_connection_types}.
     *
     * @param request the peer's credentials, with {@link AuthRequest#role()} saying what it is
     *        and {@link AuthRequest#nonce()} the nonce of the INFO it was sent
     * @return {@link AuthResult.Accepted} naming an account that {@link #account} now finds,
     *         {@link AuthResult.Rejected}, or {@link AuthResult.Pending} that completes, on any
     *         thread, with one of those two
     */
    default AuthResult authenticate(AuthRequest request) {
        return new AuthResult.Rejected("this server does not authenticate peers");
    }
}
