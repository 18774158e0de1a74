package io.natsj.auth.jwt;

import io.natsj.spi.auth.AuthenticatorContext;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * nats-server's account expiration timer: when an account JWT in use carries {@code exp},
 * every connection of the account is closed at that time with
 * {@code Account Authentication Expired}; a newer JWT of the account replaces the timer.
 * New connections of an expired account are refused by the lookup itself.
 */
final class AccountExpiry implements AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("natsj-jwt-expiry").factory());
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile AuthenticatorContext context;

    private record Timer(long expires, ScheduledFuture<?> future) {
    }

    AccountExpiry(Clock clock) {
        this.clock = clock;
    }

    /** @param ctx the live connections; timers fire only once this is set */
    void start(AuthenticatorContext ctx) {
        this.context = ctx;
    }

    /**
     * Sets (or replaces, or clears) the account's timer for the JWT now in use.
     *
     * @param claims the account's claims
     */
    void watch(AccountClaims claims) {
        String account = claims.common().subject();
        long expires = claims.common().expires();
        Timer old = timers.get(account);
        if (old != null && old.expires() == expires) {
            return;
        }
        if (old != null) {
            old.future().cancel(false);
            timers.remove(account, old);
        }
        if (expires <= 0) {
            return;
        }
        long delay = Math.max(0, expires * 1000 - clock.millis());
        ScheduledFuture<?> f = timer.schedule(() -> expired(account), delay, TimeUnit.MILLISECONDS);
        timers.put(account, new Timer(expires, f));
    }

    private void expired(String account) {
        AuthenticatorContext ctx = context;
        if (ctx == null) {
            return;
        }
        for (AuthenticatorContext.LiveClient c : ctx.clients(account)) {
            c.closeWithError("Account Authentication Expired", "Authentication Expired");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
