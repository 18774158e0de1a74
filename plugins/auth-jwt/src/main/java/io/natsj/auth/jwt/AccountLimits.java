package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An account JWT's {@code limits} that concern connections (-1: unlimited; 0 as written).
 *
 * @param conn {@code conn}: active client connections
 * @param leaf {@code leaf}: active leaf node connections
 * @param subs {@code subs}: subscriptions
 * @param data {@code data}: bytes
 * @param payload {@code payload}: message payload size
 * @param disallowBearer {@code disallow_bearer}: users may not authenticate with a bearer JWT
 * @param imports {@code imports}: how many imports the JWT may carry
 * @param exports {@code exports}: how many exports the JWT may carry
 */
record AccountLimits(long conn, long leaf, long subs, long data, long payload, boolean disallowBearer,
                     long imports, long exports) {

    static AccountLimits read(JsonNode limits) throws JwtException {
        return new AccountLimits(JsonFields.integer(limits, "conn"), JsonFields.integer(limits, "leaf"),
                JsonFields.integer(limits, "subs"), JsonFields.integer(limits, "data"),
                JsonFields.integer(limits, "payload"), JsonFields.bool(limits, "disallow_bearer"),
                JsonFields.integer(limits, "imports"), JsonFields.integer(limits, "exports"));
    }
}
