package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The account JWT claims natsj does not act on yet, logged so that none is ignored silently:
 * JetStream {@code tiered_limits} other than {@code R1} (a server without a cluster stores
 * every stream in the single-replica tier, so only that tier's limits apply).
 */
final class ClaimsNotServed {

    private static final System.Logger LOG = System.getLogger("io.natsj.auth.jwt");

    private ClaimsNotServed() {
    }

    /**
     * Logs what the account's JWT carries that natsj does not serve.
     *
     * @param claims the account's claims
     * @param limits its {@code limits}
     */
    static void warn(AccountClaims claims, JsonNode limits) {
        if (JetStreamClaims.otherTiers(limits)) {
            LOG.log(System.Logger.Level.WARNING, "account " + claims.common().subject()
                    + ": JetStream tiered limits other than R1 in its JWT are not served by natsj (no cluster)");
        }
    }
}
