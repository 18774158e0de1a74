package io.natsj.auth.callout;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.spi.auth.AccountCallout;
import io.natsj.spi.auth.AuthRequest;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.AuthenticatorContext;

/**
 * Reads a service's answer in operator mode as nats-server 2.10 does: the checks both modes
 * share ({@link AuthorizationResponse#read}); an answer that did not come sealed must be
 * issued by the callout account or one of its signing keys; the user JWT's account (its
 * {@code issuer_account}, else its issuer) must be the callout account or one of its
 * {@code allowed_accounts}, and is where the user is placed (not the JWT's {@code aud}). The
 * JWT plugin then admits the user JWT into that account (signed by it or its signing key,
 * valid, connection type and {@code times}, permissions and limits).
 */
final class AccountCalloutResponse {

    private AccountCalloutResponse() {
    }

    /**
     * @param payload the answer, opened when it came sealed
     * @param encrypted true when it came sealed to the server's curve key
     * @param userNkey the user key of the request
     * @param callout the callout account's settings
     * @param ctx the running server
     * @param request the client's CONNECT
     * @return the admission or the refusal
     */
    static AuthResult decide(byte[] payload, boolean encrypted, String userNkey, AccountCallout callout,
                             AuthenticatorContext ctx, AuthRequest request) {
        String account = callout.account();
        try {
            AuthorizationResponse.Answer answer = AuthorizationResponse.read(payload, userNkey,
                    ctx.server().serverId(), account);
            if (!encrypted) {
                String issuer = answer.response().path("iss").asText("");
                String issuerAccount = answer.response().path("nats").path("issuer_account").asText("");
                if (!callout.issuers().contains(issuer) || !issuerAccount.isEmpty() && !issuerAccount.equals(account)) {
                    throw new CalloutException("Auth callout signing key is unknown");
                }
            }
            JsonNode user = answer.user();
            if (!userNkey.equals(user.path("sub").asText())) {
                throw new CalloutException("Expected authorized user of \"" + userNkey + "\" but got \""
                        + user.path("sub").asText() + "\" on account \"" + account + "\"");
            }
            String issuer = user.path("iss").asText("");
            String issuerAccount = user.path("nats").path("issuer_account").asText("");
            String target = issuerAccount.isEmpty() ? issuer : issuerAccount;
            if (!callout.allows(target)) {
                throw new CalloutException("Account \"" + issuer
                        + "\" not permitted as valid account option for auth callout for account \"" + account + "\"");
            }
            JsonNode src = user.path("nats").path("src");
            if (src.isArray() ? src.size() > 0 : !src.asText("").isEmpty()) {
                // nats-server does not check src for callout users; refused rather than ignored.
                throw new CalloutException("user JWT field \"src\" is not supported by natsj's auth callout yet");
            }
            AuthResult admitted = ctx.admitIssuedUser(answer.userJwt(), target, request);
            if (admitted instanceof AuthResult.Accepted ok) {
                return new AuthResult.Accepted(ok.user(), ok.account(),
                        CalloutPermissions.denyCalloutSubject(ok.permissions(), account.equals(ok.account())),
                        ok.limits(), ok.expires());
            }
            return admitted instanceof AuthResult.NotApplicable
                    ? new AuthResult.Rejected("No valid account \"" + target + "\" for auth callout response")
                    : admitted;
        } catch (CalloutException e) {
            return new AuthResult.Rejected(e.getMessage());
        }
    }
}
