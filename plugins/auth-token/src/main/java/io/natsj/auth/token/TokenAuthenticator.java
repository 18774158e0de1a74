package io.natsj.auth.token;

import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Authenticator;
import io.natsj.spi.auth.Permissions;
import java.util.Objects;

/**
 * {@code authorization { token: … }}: the client's {@code auth_token} must match, plain or
 * against a bcrypt hash. A token user has no name, no permissions limits and the global account.
 *
 * <p>nats-server checks only the token when one is configured, so a client that sends a user
 * and password instead is rejected, not passed on.
 */
final class TokenAuthenticator implements Authenticator {

    private final Secret token;

    /** @param token the configured token */
    TokenAuthenticator(Secret token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        if (request.noAuthUser()) {
            return new AuthResult.NotApplicable();
        }
        if (request.token().isPresent()) {
            return token.matches(request.token().get())
                    ? new AuthResult.Accepted("", PasswordUser.GLOBAL_ACCOUNT, Permissions.ALL)
                    : new AuthResult.Rejected("token does not match");
        }
        if (request.user().isPresent() || request.password().isPresent()) {
            return new AuthResult.Rejected("a token is required, the client sent a user/password");
        }
        return new AuthResult.NotApplicable();
    }

    @Override
    public String toString() {
        return "TokenAuthenticator[" + token + "]";
    }
}
