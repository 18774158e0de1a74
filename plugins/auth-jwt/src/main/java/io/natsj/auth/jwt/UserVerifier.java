package io.natsj.auth.jwt;

import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyException;
import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Permissions;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one CONNECT in operator mode, in nats-server's order: the user JWT (well-formed,
 * signed, valid, not expired), the connection type, the account (resolved, issued by a trusted
 * operator, not expired) and that the account or one of its signing keys issued the user (a
 * scoped key's template then replaces the user's permissions), bearer tokens, the signature of
 * the nonce, revocations, {@code src} and {@code times}. Every refusal is an
 * {@code Authorization Violation} for the client; the reason goes to the log.
 */
final class UserVerifier {

    private static final Set<String> KNOWN_CONNECTION_TYPES =
            Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS");

    private final TrustedAccounts accounts;
    private final Clock clock;

    /**
     * @param accounts the accounts users may belong to
     * @param clock the clock for expiry, not-before and {@code times}
     */
    UserVerifier(TrustedAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * @param request a CONNECT
     * @return the account of its user JWT when the resolver has no JWT for it, else empty
     *         (also when the user JWT is unusable: {@link #verify} refuses it)
     */
    Optional<String> missingAccount(AuthRequest request) {
        Optional<String> jwt = request.jwt().filter(j -> !j.isEmpty());
        if (jwt.isEmpty()) {
            return Optional.empty();
        }
        try {
            String account = UserClaims.decode(jwt.get(), clock.instant().getEpochSecond()).account();
            return accounts.resolver().fetch(account).isPresent() ? Optional.empty() : Optional.of(account);
        } catch (JwtException e) {
            return Optional.empty();
        }
    }

    /**
     * @param account an account public key
     * @return true when the resolver holds a JWT for it (usable or not)
     */
    boolean hasAccountJwt(String account) {
        return accounts.resolver().fetch(account).isPresent();
    }

    AuthResult verify(AuthRequest request) {
        Optional<String> jwt = request.jwt().filter(j -> !j.isEmpty());
        if (jwt.isEmpty()) {
            return new AuthResult.Rejected("Authentication requires a user JWT");
        }
        long now = clock.instant().getEpochSecond();
        UserClaims user;
        try {
            user = UserClaims.decode(jwt.get(), now);
        } catch (JwtException e) {
            return new AuthResult.Rejected("User JWT not valid: " + e.getMessage());
        }
        String type = request.connectionType();
        if (!connectionTypeAllowed(user.limits().allowedConnectionTypes(), type)) {
            return new AuthResult.Rejected("Connection type not allowed: " + type);
        }
        AccountClaims account;
        try {
            account = accounts.lookup(user.account(), now);
        } catch (JwtException e) {
            return new AuthResult.Rejected("Account JWT lookup error: " + e.getMessage());
        }
        if (!account.hasIssuer(user.common().issuer())) {
            return new AuthResult.Rejected("User JWT issuer is not known");
        }
        UserLimits limits;
        try {
            limits = scopedLimits(user, account);
        } catch (JwtException e) {
            return new AuthResult.Rejected(e.getMessage());
        }
        if (limits.bearerToken() && account.limits().disallowBearer()) {
            return new AuthResult.Rejected("Account does not allow bearer token");
        }
        if (!limits.bearerToken()) {
            String refused = checkSignature(request, user.common().subject());
            if (refused != null) {
                return new AuthResult.Rejected(refused);
            }
        }
        if (account.revoked(user.common().subject(), user.common().issuedAt())) {
            return new AuthResult.Rejected("User authentication revoked");
        }
        InetAddress address = request.remoteAddress() == null ? null : request.remoteAddress().getAddress();
        if (!SourceAddresses.allowed(limits.src(), address)) {
            return new AuthResult.Rejected("Bad src Ip " + (address == null ? "" : address.getHostAddress()));
        }
        Duration validFor = validFor(limits);
        if (validFor == null) {
            return new AuthResult.Rejected("Outside connect times");
        }
        return accepted(user.common().subject(), user, account, limits, validFor);
    }

    /**
     * The account's auth callout settings, for the callout plugin.
     *
     * @param accountKey an account public key
     * @return its settings when its JWT makes it a callout account; empty when it does not or
     *         cannot be looked up
     */
    Optional<AccountCallout> callout(String accountKey) {
        try {
            AccountClaims account = accounts.lookup(accountKey, clock.instant().getEpochSecond());
            return account.authorization().enabled()
                    ? Optional.of(account.authorization().toSpi(account)) : Optional.empty();
        } catch (JwtException e) {
            return Optional.empty();
        }
    }

    /**
     * nats-server's admission of the user JWT an auth callout service answered: no proof of the
     * user key (the server made it up), no bearer, revocation or {@code src} checks, as there.
     *
     * @param jwt the user JWT of the service's answer
     * @param accountKey the account it places the user in
     * @param request the client's CONNECT
     * @return the admission, or a refusal in nats-server's log wording
     */
    AuthResult admitIssued(String jwt, String accountKey, AuthRequest request) {
        long now = clock.instant().getEpochSecond();
        UserClaims user;
        try {
            user = UserClaims.decode(jwt, now);
        } catch (JwtException e) {
            return new AuthResult.Rejected("Error validating user JWT: " + e.getMessage());
        }
        if (!user.account().equals(accountKey)) {
            return new AuthResult.Rejected("User JWT is issued for account \"" + user.account() + "\", not \""
                    + accountKey + "\"");
        }
        if (!connectionTypeAllowed(user.limits().allowedConnectionTypes(), request.connectionType())) {
            return new AuthResult.Rejected("Authorized user on account \"" + accountKey
                    + "\" using invalid connection type");
        }
        AccountClaims account;
        try {
            account = accounts.lookup(accountKey, now);
        } catch (JwtException e) {
            return new AuthResult.Rejected("No valid account \"" + accountKey + "\" for auth callout response: "
                    + e.getMessage());
        }
        if (!account.hasIssuer(user.common().issuer())) {
            return new AuthResult.Rejected("User JWT issuer \"" + user.common().issuer() + "\" is not known");
        }
        UserLimits limits;
        try {
            limits = scopedLimits(user, account);
        } catch (JwtException e) {
            return new AuthResult.Rejected(e.getMessage());
        }
        Duration validFor = validFor(limits);
        if (validFor == null) {
            return new AuthResult.Rejected("Authorized user on account \"" + accountKey
                    + "\" outside of valid connect times");
        }
        String name = user.common().name();
        return accepted(name.isEmpty() ? user.common().subject() : name, user, account, limits, validFor);
    }

    /** The user's limits, or a scoped signing key's template with its permissions filled in. */
    private static UserLimits scopedLimits(UserClaims user, AccountClaims account) throws JwtException {
        UserScope scope = account.signingKeys().get(user.common().issuer());
        if (scope == null) {
            return user.limits();
        }
        if (!user.limits().isEmpty()) {
            throw new JwtException("User JWT is not valid: scoped users require no permissions or limits set");
        }
        try {
            return scope.template().withPermissions(
                    new PermissionTemplates(user, account).apply(scope.template().permissions()));
        } catch (JwtException e) {
            throw new JwtException("User JWT generated invalid permissions");
        }
    }

    /** @return how long {@code times} allow the user now (zero: no end), or null when not now */
    private Duration validFor(UserLimits limits) {
        try {
            ZoneId zone = limits.timesLocation().isEmpty() ? ZoneId.systemDefault()
                    : UserLimits.zone(limits.timesLocation());
            return ConnectTimes.allowedFor(limits.times(), zone, ZonedDateTime.now(clock));
        } catch (JwtException e) {
            return null;
        }
    }

    private AuthResult accepted(String userName, UserClaims user, AccountClaims account, UserLimits limits,
                                Duration validFor) {
        Permissions permissions = limits.permissions().isEmpty()
                ? account.defaultPermissions().toSpi() : limits.permissions().toSpi();
        AuthResult.Limits connectionLimits = new AuthResult.Limits(smaller(limits.payload(), account.limits().payload()),
                smaller(limits.subs(), account.limits().subs()), account.limits().conn(),
                account.limits().leaf());
        return new AuthResult.Accepted(userName, account.common().subject(), permissions,
                connectionLimits, expiry(user.common().expires(), validFor));
    }

    /** nats-server's {@code minLimit}: the smaller limit, -1 being none. */
    static long smaller(long a, long b) {
        if (a == AuthResult.Limits.UNLIMITED) {
            return b;
        }
        return b == AuthResult.Limits.UNLIMITED ? a : Math.min(a, b);
    }

    /**
     * When the connection must end, as nats-server sets its timer: at the JWT's expiry, or at
     * the end of the current {@code times} range when that comes first.
     */
    private Instant expiry(long expires, Duration validFor) {
        Instant now = clock.instant();
        Instant byTimes = validFor.isZero() ? null : now.plus(validFor);
        if (expires == 0) {
            return byTimes;
        }
        Instant byJwt = Instant.ofEpochSecond(Math.max(expires, now.getEpochSecond()));
        return byTimes != null && byTimes.isBefore(byJwt) ? byTimes : byJwt;
    }

    private static String checkSignature(AuthRequest request, String userKey) {
        Optional<String> sig = request.signature().filter(s -> !s.isEmpty());
        if (sig.isEmpty()) {
            return "Signature missing";
        }
        Optional<byte[]> nonce = request.nonce();
        if (nonce.isEmpty()) {
            return "Signature not verified: no nonce was sent";
        }
        try {
            if (!NKey.verify(userKey, nonce.get(), NKey.decodeSignature(sig.get()))) {
                return "Signature not verified";
            }
        } catch (NKeyException e) {
            return "Signature not valid: " + e.getMessage();
        }
        return null;
    }

    /**
     * nats-server's reading of {@code allowed_connection_types}: unknown types are dropped; an
     * empty list allows every type, but a list of only unknown types allows none.
     */
    static boolean connectionTypeAllowed(List<String> allowed, String type) {
        if (allowed.isEmpty()) {
            return true;
        }
        Set<String> known = new HashSet<>();
        for (String t : allowed) {
            String upper = t.toUpperCase(Locale.ROOT);
            if (KNOWN_CONNECTION_TYPES.contains(upper)) {
                known.add(upper);
            }
        }
        return known.contains(type);
    }
}
