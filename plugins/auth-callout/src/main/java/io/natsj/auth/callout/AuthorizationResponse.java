package io.natsj.auth.callout;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.spi.auth.AuthResult;
import io.natsj.spi.auth.Permissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a service's answer as nats-server does: an empty message refuses; otherwise an
 * authorization response JWT ({@code nats.type: authorization_response}) signed by its
 * {@code iss}, for the user NKey of the request ({@code sub}) and this server
 * ({@code aud}), carrying either {@code nats.error} or a user JWT ({@code nats.jwt}) issued
 * by the configured issuer, for the same user NKey, whose audience names the account.
 * Failures carry nats-server's log wording.
 */
final class AuthorizationResponse {

    private AuthorizationResponse() {
    }

    /**
     * @param payload the response message's payload
     * @param userNkey the user NKey the request named
     * @param serverId this server's id
     * @param settings the callout's settings
     * @param connectionType the client's connection type ({@code STANDARD}, {@code WEBSOCKET}, …)
     * @return the client's admission or refusal
     */
    static AuthResult decide(byte[] payload, String userNkey, String serverId, CalloutSettings settings,
                             String connectionType) {
        try {
            return accept(payload, userNkey, serverId, settings, connectionType);
        } catch (CalloutException e) {
            return new AuthResult.Rejected(e.getMessage());
        }
    }

    /**
     * The parts of an answer both modes check alike.
     *
     * @param response the authorization response's claims
     * @param userJwt the user JWT it carries
     * @param user that JWT's claims, its signature checked
     */
    record Answer(JsonNode response, String userJwt, JsonNode user) {
    }

    /**
     * Checks what both modes check: an answer at all, an authorization response signed by its
     * issuer, for the request's user key and this server, without an error, carrying a user
     * JWT signed by its issuer.
     *
     * @param payload the answer
     * @param userNkey the user key of the request
     * @param serverId this server's id
     * @param account the callout account, for messages
     * @return the answer's parts
     * @throws CalloutException with nats-server's wording
     */
    static Answer read(byte[] payload, String userNkey, String serverId, String account) throws CalloutException {
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            throw new CalloutException("Auth callout violation: \"no reason supplied\" on account \"" + account + "\"");
        }
        JsonNode response = CompactJwt.decodeVerified(text, "authorization response");
        JsonNode nats = response.path("nats");
        if (!"authorization_response".equals(nats.path("type").asText())) {
            throw new CalloutException("Authorization response had validation errors: not an authorization response");
        }
        if (!userNkey.equals(response.path("sub").asText())) {
            throw new CalloutException("Auth callout violation: auth callout response is not for expected user");
        }
        if (!serverId.equals(response.path("aud").asText())) {
            throw new CalloutException("Auth callout violation: auth callout response is not for server");
        }
        String error = nats.path("error").asText("");
        if (!error.isEmpty()) {
            throw new CalloutException("Auth callout service returned an error: " + error);
        }
        String userJwt = nats.path("jwt").asText("");
        return new Answer(response, userJwt, CompactJwt.decodeVerified(userJwt, "Error validating user JWT"));
    }

    private static AuthResult accept(byte[] payload, String userNkey, String serverId, CalloutSettings settings,
                                     String connectionType) throws CalloutException {
        String account = settings.account();
        JsonNode user = read(payload, userNkey, serverId, account).user();
        JsonNode userNats = user.path("nats");
        if (!userNats.path("issuer_account").asText("").isEmpty()) {
            throw new CalloutException("Error non operator mode account \"" + account + "\": attempted to use issuer_account");
        }
        String issuer = user.path("iss").asText();
        if (!issuer.equals(settings.issuer())) {
            throw new CalloutException("Wrong issuer for auth callout response on account \"" + account
                    + "\", expected \"" + settings.issuer() + "\" got \"" + issuer + "\"");
        }
        if (!userNkey.equals(user.path("sub").asText())) {
            throw new CalloutException("Expected authorized user of \"" + userNkey + "\" but got \""
                    + user.path("sub").asText() + "\" on account \"" + account + "\"");
        }
        Instant expires = null;
        long now = Instant.now().getEpochSecond();
        if (user.path("exp").asLong(0) > 0) {
            if (user.path("exp").asLong() <= now) {
                throw new CalloutException("Error validating user JWT: claim is expired");
            }
            expires = Instant.ofEpochSecond(user.path("exp").asLong());
        }
        if (user.path("nbf").asLong(0) > now) {
            throw new CalloutException("Error validating user JWT: claim is not yet valid");
        }
        List<String> types = strings(userNats.path("allowed_connection_types"));
        if (!types.isEmpty() && !types.contains(connectionType)) {
            throw new CalloutException("Authorized user on account \"" + account + "\" using invalid connection type");
        }
        for (String field : List.of("src", "times")) {
            // Not applied yet: refuse rather than let in a user the JWT would restrict.
            JsonNode value = userNats.path(field);
            if (value.isArray() || value.isObject() ? value.size() > 0 : !value.asText("").isEmpty()) {
                throw new CalloutException("user JWT field \"" + field
                        + "\" is not supported by natsj's auth callout yet");
            }
        }
        String placement = user.path("aud").asText("");
        String name = user.path("name").asText("");
        return new AuthResult.Accepted(name.isEmpty() ? userNkey : name, placement,
                CalloutPermissions.denyCalloutSubject(permissions(userNats), placement.equals(account)), limits(userNats), expires);
    }

    private static Permissions permissions(JsonNode nats) {
        JsonNode resp = nats.path("resp");
        Permissions.ResponsePermission responses = null;
        if (resp.isObject()) {
            long max = resp.path("max").asLong(0);
            long ttl = resp.path("ttl").asLong(0);
            responses = new Permissions.ResponsePermission(
                    max == 0 ? Permissions.ResponsePermission.DEFAULT.maxMessages() : (int) max,
                    ttl == 0 ? Permissions.ResponsePermission.DEFAULT.expires() : Duration.ofNanos(ttl));
        }
        return new Permissions(rules(nats.path("pub")), rules(nats.path("sub")), responses);
    }

    private static Permissions.SubjectRules rules(JsonNode node) {
        return new Permissions.SubjectRules(strings(node.path("allow")), strings(node.path("deny")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    private static AuthResult.Limits limits(JsonNode nats) {
        // nats' JWTs write -1 for "no limit"; absent fields mean the same.
        return new AuthResult.Limits(nats.path("payload").asLong(AuthResult.Limits.UNLIMITED),
                nats.path("subs").asLong(AuthResult.Limits.UNLIMITED), AuthResult.Limits.UNLIMITED);
    }
}
