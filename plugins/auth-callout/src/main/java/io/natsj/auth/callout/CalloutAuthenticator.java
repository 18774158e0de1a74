package io.natsj.auth.callout;

import io.natsj.spi.PluginException;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.AuthenticatorContext;

/**
 * The config-mode callout ({@code authorization { auth_callout }}): sends each CONNECT of a
 * client not in {@code auth_users} to the service through a {@link CalloutChannel} in the
 * callout account and answers {@link AuthResult.Pending}: the event loop goes on serving other
 * connections while the service thinks.
 */
final class CalloutAuthenticator implements Authenticator {

    private final CalloutSettings settings;
    private volatile AuthenticatorContext context;
    private volatile CalloutChannel channel;

    CalloutAuthenticator(CalloutSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean askedFirst() {
        return true;
    }

    @Override
    public void start(AuthenticatorContext ctx) {
        if (ctx.operatorMode()) {
            // nats-server's refusal: in operator mode account JWTs name their callouts.
            throw new PluginException(CalloutSettings.PATH
                    + ": operators do not allow authorization callouts to be configured directly");
        }
        var account = ctx.account(settings.account()).orElseThrow(() -> new PluginException(
                CalloutSettings.PATH + ".account: no account \"" + settings.account() + "\" for the auth callout"));
        this.context = ctx;
        this.channel = new CalloutChannel(ctx, account, settings.timeout());
    }

    @Override
    public void stop() {
        CalloutChannel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        if (isAuthUser(request)) {
            return new AuthResult.NotApplicable();
        }
        AuthenticatorContext ctx = context;
        CalloutChannel c = channel;
        if (ctx == null || c == null) {
            return new AuthResult.Rejected("auth callout not started");
        }
        return new AuthResult.Pending(c.ask(request, settings.issuer(), settings.xkey(),
                (payload, encrypted, userNkey) -> AuthorizationResponse.decide(payload, userNkey,
                        ctx.server().serverId(), settings, request.connectionType())));
    }

    private boolean isAuthUser(AuthRequest request) {
        return request.user().filter(settings.authUsers()::contains).isPresent()
                || request.nkey().filter(settings.authUsers()::contains).isPresent();
    }

    @Override
    public String toString() {
        return "CalloutAuthenticator[account " + settings.account() + "]";
    }
}
