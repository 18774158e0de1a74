package io.natsj.auth.callout;

import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.service.ServiceAccount;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator-mode callout (nats-server 2.10+, ADR-26): an account whose JWT names
 * {@code authorization.auth_users} is a callout account. A client the JWT plugin admitted into
 * it with any other user (nats' "sentinel" user) is not let in yet: this authenticator
 * {@linkplain #review reviews} the admission and asks the account's service, in that account,
 * with a request whose subject is the account. It authenticates nobody itself. The account's
 * settings come from the kernel ({@link AuthenticatorContext#accountCallout}) and the user JWT
 * of the answer is admitted by the JWT plugin ({@link AuthenticatorContext#admitIssuedUser}):
 * the two plugins share only SPI types.
 */
final class AccountCalloutAuthenticator implements Authenticator {

    private final Duration timeout;
    /** One channel per callout account, opened at its first request. */
    private final Map<String, CalloutChannel> channels = new ConcurrentHashMap<>();
    private volatile AuthenticatorContext context;

    /** @param timeout how long a service has to answer (the authorization timeout) */
    AccountCalloutAuthenticator(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        return new AuthResult.NotApplicable();
    }

    @Override
    public void start(AuthenticatorContext ctx) {
        this.context = ctx;
    }

    @Override
    public void stop() {
        channels.values().forEach(CalloutChannel::close);
        channels.clear();
    }

    @Override
    public AuthResult review(AuthRequest request, AuthResult.Accepted accepted) {
        AuthenticatorContext ctx = context;
        if (ctx == null || accepted.account() == null) {
            return accepted;
        }
        Optional<AccountCallout> found = ctx.accountCallout(accepted.account());
        if (found.isEmpty()) {
            return accepted;
        }
        AccountCallout callout = found.get();
        if (callout.authUsers().contains(rawUser(request, accepted))) {
            return accepted; // the service's own users
        }
        Optional<ServiceAccount> account = ctx.account(callout.account());
        if (account.isEmpty()) {
            return new AuthResult.Rejected("No valid account \"" + callout.account() + "\" for auth callout request");
        }
        CalloutChannel channel = channels.computeIfAbsent(callout.account(),
                a -> new CalloutChannel(ctx, account.get(), timeout));
        return new AuthResult.Pending(channel.ask(request, callout.account(), callout.xkey().orElse(null),
                (payload, encrypted, userNkey) -> AccountCalloutResponse.decide(payload, encrypted, userNkey,
                        callout, ctx, request)));
    }

    /** nats-server's raw auth user: the CONNECT's nkey, else its user name, else the JWT's user key. */
    private static String rawUser(AuthRequest request, AuthResult.Accepted accepted) {
        return request.nkey().filter(s -> !s.isEmpty())
                .or(() -> request.user().filter(s -> !s.isEmpty()))
                .orElse(accepted.user());
    }

    @Override
    public String toString() {
        return "AccountCalloutAuthenticator";
    }
}
