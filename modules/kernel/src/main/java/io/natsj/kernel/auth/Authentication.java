package io.natsj.kernel.auth;

import com.typesafe.config.Config;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.account.Accounts;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may connect: the authenticators of the plugins whose configuration is present, asked in
 * turn for each CONNECT, plus the kernel's own rules around them (auth_timeout, no_auth_user,
 * the account a user lands in).
 */
public final class Authentication {

    /** nats-server's default time for a client to authenticate. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final List<Authenticator> authenticators;
    /** The provider that made each authenticator, so a listener can swap the plain ones. */
    private final Map<Authenticator, AuthenticatorProvider> makers;
    private final Accounts accounts;
    private final Duration timeout;
    private final String noAuthUser;
    private final boolean anonymousToGlobal;
    private final AccountCalloutSupport calloutSupport;
    private volatile io.natsj.kernel.imports.ResolvedAccounts resolved;
    /** A listener's own no_auth_user for the peers it takes, by connection type ({@code LEAFNODE_WS}). */
    private final Map<String, String> peerNoAuthUsers = new java.util.concurrent.ConcurrentHashMap<>();

    Authentication(List<Authenticator> authenticators, Map<Authenticator, AuthenticatorProvider> makers,
                   Accounts accounts, Duration timeout, String noAuthUser, boolean anonymousToGlobal) {
        this.authenticators = authenticators;
        this.makers = makers;
        this.accounts = accounts;
        this.timeout = timeout;
        this.noAuthUser = noAuthUser;
        this.anonymousToGlobal = anonymousToGlobal;
        this.calloutSupport = new AccountCalloutSupport(authenticators);
    }

    /** @return authentication for a server without any: everyone is let in to {@code $G} */
    public static Authentication none(Accounts accounts) {
        return new Authentication(List.of(), Map.of(), accounts, DEFAULT_TIMEOUT, null, false);
    }

    /**
     * @param config the whole configuration
     * @param providers the authentication plugins in this image
     * @param accounts the accounts
     * @param systemAccountName the system account the configuration names (or the default
     *        {@code $SYS}), or null when it is disabled
     * @return the server's authentication, built by {@link AuthenticationConfig}
     * @throws PluginException naming the key when the configuration cannot be served
     */
    public static Authentication fromConfig(Config config, List<AuthenticatorProvider> providers, Accounts accounts,
                                            String systemAccountName) {
        return AuthenticationConfig.build(config, providers, accounts, systemAccountName);
    }

    /** @return the authenticators, in the order they are asked */
    List<Authenticator> authenticators() {
        return authenticators;
    }

    /** @return the provider that made an authenticator */
    AuthenticatorProvider maker(Authenticator a) {
        return makers.get(a);
    }

    /** @return the accounts users land in */
    Accounts accounts() {
        return accounts;
    }

    /** @return true when only the system account is configured and anonymous clients go to $G */
    boolean anonymousToGlobal() {
        return anonymousToGlobal;
    }


    /**
     * @param resolved where accounts the authenticators resolve get their exports, imports and
     *        settings when first used
     */
    public void resolved(io.natsj.kernel.imports.ResolvedAccounts resolved) {
        this.resolved = resolved;
    }

    /**
     * @param account an account name
     * @return the first definition an authenticator that resolves accounts gives it, or empty
     */
    public java.util.Optional<io.natsj.spi.auth.AccountDefinition> define(String account) {
        for (Authenticator a : authenticators) {
            if (a.resolvesAccounts()) {
                var d = a.define(account);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * @param account an account name a peer sent
     * @return the lookup of the first authenticator that resolves accounts and can ask the
     *         network for this one ({@link Authenticator#lookupAccount}), or empty
     */
    public java.util.Optional<java.util.concurrent.CompletionStage<Boolean>> lookupAccount(String account) {
        for (Authenticator a : authenticators) {
            if (a.resolvesAccounts()) {
                var l = a.lookupAccount(account);
                if (l.isPresent()) {
                    return l;
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Creates (or finds) an account an authenticator named, defined before any user joins it. */
    private Account resolve(String name) {
        Account account = accounts.add(name);
        var r = resolved;
        if (r != null) {
            r.define(account);
        }
        return account;
    }

    /**
     * @return true when an authenticator resolves accounts itself (operator mode): accounts it
     *         names are created when first used, and the system account need not be configured
     */
    public boolean resolvesAccounts() {
        return authenticators.stream().anyMatch(Authenticator::resolvesAccounts);
    }

    /**
     * Starts the authenticators that need the running server (auth callout, JWT claim updates).
     *
     * @param context what they are given
     */
    public void start(io.natsj.spi.auth.AuthenticatorContext context) {
        authenticators.forEach(a -> a.start(context));
    }

    /** Stops what {@link #start} started. */
    public void stop() {
        for (Authenticator a : authenticators) {
            try {
                a.stop();
            } catch (RuntimeException e) {
                io.natsj.kernel.log.Log.error("Authenticator " + a + " failed to stop: " + e);
            }
        }
    }

    /** @return the system account an authenticator names (the operator JWT's), or empty */
    public Optional<String> systemAccount() {
        return authenticators.stream().map(Authenticator::systemAccount).flatMap(Optional::stream).findFirst();
    }

    /** @return true when clients must authenticate ({@code auth_required} in INFO) */
    public boolean required() {
        return !authenticators.isEmpty();
    }

    /** @return true when INFO must carry a nonce for signatures */
    public boolean needsNonce() {
        return authenticators.stream().anyMatch(Authenticator::needsNonce);
    }

    /** @return how long a client has to send a CONNECT that authenticates */
    public Duration timeout() {
        return timeout;
    }

    /** @return every listed user name, for mapping client certificates to users */
    public java.util.Set<String> userNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Authenticator a : authenticators) {
            names.addAll(a.userNames());
        }
        return names;
    }

    /**
     * @return the admission of a client without credentials into {@code $G} when only the
     *         system account is configured (nats-server's implicit no_auth_user), or null
     */
    public Outcome.Admitted anonymousAdmission() {
        return anonymousToGlobal ? new Outcome.Admitted(null, accounts.global(), null, AuthResult.Limits.NONE, null) : null;
    }

    /** @return the user a client without credentials connects as, or null */
    public String noAuthUser() {
        return noAuthUser;
    }

    /**
     * @param request the CONNECT's credentials
     * @return the user's account and permissions, or a refusal
     */
    public Outcome authenticate(AuthRequest request) {
        for (Authenticator a : authenticators) {
            AuthResult result = a.authenticate(request);
            if (result instanceof AuthResult.Pending pending) {
                return new Outcome.Pending(pending.result().handle((r, error) -> error != null
                        ? new Outcome.Refused("authentication failed: " + error)
                        : r instanceof AuthResult.Pending ? new Outcome.Refused("authenticator answered pending twice")
                        : java.util.Objects.requireNonNullElse(decided(a, r, request),
                                new Outcome.Refused("no answer from the authenticator"))));
            }
            Outcome decided = decided(a, result, request);
            if (decided != null) {
                return decided;
            }
        }
        return new Outcome.Refused("no authenticator accepted the credentials");
    }

    /**
     * As nats-server's websocket leaf nodes: a peer of this connection type without credentials
     * connects as the listener's {@code no_auth_user} instead of the server's.
     *
     * @param connectionType the peers' connection type ({@code LEAFNODE_WS})
     * @param user the listener's no_auth_user
     */
    public void peerNoAuthUser(String connectionType, String user) {
        peerNoAuthUsers.put(connectionType, user);
    }

    /**
     * Checks a peer's CONNECT (a leaf node's, when {@code leafnodes.authorization} is absent)
     * against the client authenticators, as nats-server does: without client authentication
     * the peer is bound to {@code $G}; without credentials it is {@code no_auth_user}.
     *
     * @param request the peer's credentials
     * @return {@link AuthResult.Accepted} naming an account that exists (created when an
     *         authenticator resolves accounts), {@link AuthResult.Rejected}, or
     *         {@link AuthResult.Pending} completing with one of those two
     */
    public AuthResult authenticatePeer(AuthRequest request) {
        if (!required()) {
            return new AuthResult.Accepted(null, Account.GLOBAL, null);
        }
        AuthRequest asked = request;
        if (request.user().isEmpty() && request.token().isEmpty() && request.nkey().isEmpty()
                && request.jwt().isEmpty()) {
            String peerNoAuthUser = peerNoAuthUsers.getOrDefault(request.connectionType(), noAuthUser);
            if (peerNoAuthUser != null) {
                asked = PeerAuthRequest.asNoAuthUser(request, peerNoAuthUser);
            } else if (anonymousToGlobal) {
                return new AuthResult.Accepted(null, Account.GLOBAL, null);
            }
        }
        AuthRequest peer = asked;
        for (Authenticator a : authenticators) {
            AuthResult result = a.authenticate(peer);
            if (result instanceof AuthResult.Pending pending) {
                return new AuthResult.Pending(pending.result().handle((r, error) -> error != null
                        ? new AuthResult.Rejected("authentication failed: " + error)
                        : r instanceof AuthResult.Pending ? new AuthResult.Rejected("authenticator answered pending twice")
                        : java.util.Objects.requireNonNullElse(peerDecided(a, r, peer),
                                new AuthResult.Rejected("no answer from the authenticator"))));
            }
            AuthResult decided = peerDecided(a, result, peer);
            if (decided != null) {
                return decided;
            }
        }
        return new AuthResult.Rejected("no authenticator accepted the credentials");
    }

    /**
     * @param request the CONNECT, whose admission the other authenticators review; null for a
     *        decision that is already the reviewed one
     * @return the result with its account resolved, or null for not applicable
     */
    private AuthResult peerDecided(Authenticator a, AuthResult result, AuthRequest request) {
        if (result instanceof AuthResult.Accepted ok) {
            String name = ok.account() == null ? Account.GLOBAL : ok.account();
            Account account = a.resolvesAccounts() ? resolve(name) : accounts.get(name);
            if (account == null) {
                return new AuthResult.Rejected("user " + ok.user() + " names unknown account " + ok.account());
            }
            if (request != null) {
                AuthResult reviewed = calloutSupport.review(a, request, ok);
                if (reviewed != ok) {
                    return reviewed instanceof AuthResult.Pending pending
                            ? new AuthResult.Pending(pending.result().handle((r, error) -> error != null
                                    ? new AuthResult.Rejected("authentication failed: " + error)
                                    : r instanceof AuthResult.Pending
                                            ? new AuthResult.Rejected("authenticator answered pending twice")
                                            : java.util.Objects.requireNonNullElse(peerDecided(a, r, null),
                                                    new AuthResult.Rejected("no answer from the authenticator"))))
                            : java.util.Objects.requireNonNullElse(peerDecided(a, reviewed, null),
                                    new AuthResult.Rejected("no answer from the authenticator"));
                }
            }
            return new AuthResult.Accepted(ok.user(), account.name(), ok.permissions(), ok.limits(), ok.expires());
        }
        return result instanceof AuthResult.Rejected ? result : null;
    }

    /**
     * @param account an account name
     * @return its auth callout settings, from the first authenticator that resolves accounts
     *         and knows them
     */
    public Optional<io.natsj.spi.auth.AccountCallout> accountCallout(String account) {
        return calloutSupport.accountCallout(account);
    }

    /**
     * @param userJwt a user JWT an auth callout service issued
     * @param account the account it places the user in
     * @param request the client's CONNECT
     * @return the first decision of an authenticator that resolves accounts
     */
    public AuthResult admitIssuedUser(String userJwt, String account, AuthRequest request) {
        return calloutSupport.admitIssuedUser(userJwt, account, request);
    }

    private static Outcome asReviewed(Outcome outcome) {
        if (outcome == null) {
            return new Outcome.Refused("no answer from the authenticator");
        }
        return outcome instanceof Outcome.Admitted ok ? ok.reviewed() : outcome;
    }

    /**
     * @param request the CONNECT, whose admission the other authenticators review; null for a
     *        decision that is already the reviewed one
     * @return the outcome of a decided result, or null for not applicable
     */
    private Outcome decided(Authenticator a, AuthResult result, AuthRequest request) {
        if (result != null) {
            if (result instanceof AuthResult.Accepted ok) {
                String name = ok.account() == null ? Account.GLOBAL : ok.account();
                Account account = a.resolvesAccounts() ? resolve(name) : accounts.get(name);
                if (account == null) {
                    return new Outcome.Refused("user " + ok.user() + " names unknown account " + ok.account());
                }
                if (request != null) {
                    AuthResult reviewed = calloutSupport.review(a, request, ok);
                    if (reviewed != ok) {
                        return reviewed instanceof AuthResult.Pending pending
                                ? new Outcome.Pending(pending.result().handle((r, error) -> error != null
                                        ? new Outcome.Refused("authentication failed: " + error)
                                        : r instanceof AuthResult.Pending
                                                ? new Outcome.Refused("authenticator answered pending twice")
                                                : asReviewed(decided(a, r, null))))
                                : asReviewed(decided(a, reviewed, null));
                    }
                }
                return new Outcome.Admitted(ok.user(), account, ConnectionPermissions.of(ok.permissions()),
                        ok.limits() == null ? AuthResult.Limits.NONE : ok.limits(), ok.expires());
            }
            if (result instanceof AuthResult.Rejected no) {
                return new Outcome.Refused(no.reason());
            }
        }
        return null;
    }

    /** What {@link #authenticate} decided. */
    public sealed interface Outcome {
        /**
         * @param user the user name
         * @param account the account to bind
         * @param permissions the user's permissions, or null when unrestricted
         * @param limits the credentials' limits on the connection and its account
         * @param expires when the credentials expire, or null
         * @param replacedCredentials true when a review (an auth callout) decided the admission,
         *        so the CONNECT's user JWT (a callout's sentinel) no longer describes the user
         */
        record Admitted(String user, Account account, ConnectionPermissions permissions, AuthResult.Limits limits,
                        java.time.Instant expires, boolean replacedCredentials) implements Outcome {

            /** An admission on the credentials the client presented. */
            public Admitted(String user, Account account, ConnectionPermissions permissions, AuthResult.Limits limits,
                            java.time.Instant expires) {
                this(user, account, permissions, limits, expires, false);
            }

            /** @return this admission as one another authenticator's review decided */
            Admitted reviewed() {
                return new Admitted(user, account, permissions, limits, expires, true);
            }
        }

        /** @param reason why, for the log */
        record Refused(String reason) implements Outcome {
        }

        /**
         * Decided later (auth callout); never completes with another pending outcome.
         *
         * @param outcome completes, on any thread, with an admission or a refusal
         */
        record Pending(java.util.concurrent.CompletionStage<Outcome> outcome) implements Outcome {
        }
    }

}
