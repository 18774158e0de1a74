package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The account JWT claims natsj does not act on yet, so that none is ignored silently:
 * {@code imports} refuse the account (its users would connect and then miss what they
 * import), while {@code exports} and JetStream limits (which change nothing for the account's
 * own users until another account imports, or until they call JetStream) are logged each time
 * an account JWT carrying them is first used.
 */
final class ClaimsNotServed {

    private static final System.Logger LOG = System.getLogger("io.natsj.auth.jwt");

    private ClaimsNotServed() {
    }

    /**
     * @param nats the account JWT's {@code nats} claims
     * @throws JwtException when the account imports anything
     */
    static void refuseImports(JsonNode nats) throws JwtException {
        JsonNode imports = nats.path("imports");
        if (imports.isArray() && !imports.isEmpty()) {
            throw new JwtException("imports in account JWTs are not supported by natsj yet");
        }
    }

    /**
     * Logs what the account's JWT carries that natsj does not serve.
     *
     * @param claims the account's claims
     */
    static void warn(AccountClaims claims, JsonNode nats) {
        List<String> notes = new ArrayList<>();
        JsonNode exports = nats.path("exports");
        if (exports.isArray() && !exports.isEmpty()) {
            notes.add("exports");
        }
        JsonNode limits = nats.path("limits");
        if (limits.path("mem_storage").asLong(0) != 0 || limits.path("disk_storage").asLong(0) != 0
                || (limits.path("tiered_limits").isObject() && !limits.path("tiered_limits").isEmpty())) {
            notes.add("JetStream limits");
        }
        if (!notes.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "account " + claims.common().subject() + ": "
                    + String.join(" and ", notes) + " in its JWT are not served by natsj yet");
        }
    }
}
