package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.spi.auth.AccountDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of an account JWT's {@code exports}, as nats' JWT library (v2) encodes it.
 *
 * @param service true for {@code "type": "service"}, false for {@code "stream"}
 * @param subject {@code subject}
 * @param tokenRequired {@code token_req}: importers need an activation token
 * @param revocations {@code revocations}: importing account (or {@code *}) to the time before
 *        which its activation tokens are revoked
 * @param responseType {@code response_type} ({@code Singleton}, {@code Stream}, {@code Chunked})
 * @param responseThreshold {@code response_threshold} (nanoseconds in the JWT), null when unset
 * @param accountTokenPosition {@code account_token_position}: the 1-based token of an imported
 *        subject that must be the importer's public key, 0 when unset
 * @param latency {@code service_latency} ({@code sampling} 1..100 or {@code "headers"},
 *        {@code results}), null when absent or unusable (logged by the definer)
 * @param latencyProblem why a present {@code service_latency} is not used, or null
 */
record JwtExport(boolean service, String subject, boolean tokenRequired, Map<String, Long> revocations,
                 String responseType, Duration responseThreshold, long accountTokenPosition,
                 AccountDefinition.Latency latency, String latencyProblem) {

    /**
     * @param nats an account JWT's {@code nats} claims
     * @return its exports
     * @throws JwtException when a field has the wrong type (nats-server cannot decode the JWT)
     */
    static List<JwtExport> read(JsonNode nats) throws JwtException {
        List<JwtExport> out = new ArrayList<>();
        JsonNode list = nats.get("exports");
        if (JsonFields.absent(list)) {
            return out;
        }
        if (!list.isArray()) {
            throw new JwtException("field \"exports\": expected a list");
        }
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw new JwtException("field \"exports\": expected objects");
            }
            Map<String, Long> revocations = new HashMap<>();
            for (Map.Entry<String, JsonNode> r : JsonFields.object(e, "revocations").properties()) {
                if (!r.getValue().isIntegralNumber()) {
                    throw new JwtException("field \"revocations\": expected Unix times");
                }
                revocations.put(r.getKey(), r.getValue().longValue());
            }
            long threshold = JsonFields.integer(e, "response_threshold");
            AccountDefinition.Latency latency = null;
            String latencyProblem = null;
            JsonNode sl = e.get("service_latency");
            if (!JsonFields.absent(sl)) {
                JsonNode sampling = sl.get("sampling");
                JsonNode results = sl.get("results");
                int rate;
                if (sampling != null && sampling.isTextual() && sampling.asText().equals("headers")) {
                    rate = 0;
                } else if (sampling != null && sampling.isIntegralNumber()) {
                    rate = sampling.intValue();
                } else {
                    rate = -1;
                }
                if (rate != 0 && (rate < 1 || rate > 100)) {
                    latencyProblem = "sampling percentage needs to be between 1-100";
                } else if (results == null || !results.isTextual() || results.asText().isEmpty()) {
                    latencyProblem = "results subject missing";
                } else {
                    latency = new AccountDefinition.Latency(rate, results.asText());
                }
            }
            out.add(new JwtExport(JsonFields.text(e, "type").equals("service"), JsonFields.text(e, "subject"),
                    JsonFields.bool(e, "token_req"), Collections.unmodifiableMap(revocations),
                    JsonFields.text(e, "response_type"), threshold > 0 ? Duration.ofNanos(threshold) : null,
                    JsonFields.integer(e, "account_token_position"), latency, latencyProblem));
        }
        return out;
    }

    /**
     * The JWT library's Export.Validate for the token position, whose errors make nats-server
     * refuse the whole account JWT.
     *
     * @throws JwtException when the position does not name a {@code *} token of the subject
     */
    void validate() throws JwtException {
        if (accountTokenPosition == 0) {
            return;
        }
        String[] tokens = subject.split("\\.", -1);
        if (java.util.Arrays.stream(tokens).noneMatch(t -> t.equals("*") || t.equals(">"))) {
            throw new JwtException("Account Token Position can only be used with wildcard subjects: " + subject);
        }
        if (accountTokenPosition < 0 || accountTokenPosition > tokens.length) {
            throw new JwtException("Account Token Position " + accountTokenPosition + " exceeds length of subject '"
                    + subject + "'");
        }
        String token = tokens[(int) accountTokenPosition - 1];
        if (!token.equals("*")) {
            throw new JwtException("Account Token Position " + accountTokenPosition + " matches '" + token
                    + "' but must match a * in: " + subject);
        }
    }

    /**
     * nats-server's checkAuth for an export with a token position, which decides alone (no
     * activation token is looked at): the importer's key must be that token of the imported
     * subject; an import of exactly the exported subject is checked without tokens, so never.
     *
     * @param importer the importing account's public key
     * @param importSubject the subject it imports from this export
     * @return true when approved
     */
    boolean positionApproves(String importer, String importSubject) {
        if (importSubject.equals(subject)) {
            return false;
        }
        String[] tokens = importSubject.split("\\.", -1);
        return accountTokenPosition <= tokens.length && tokens[(int) accountTokenPosition - 1].equals(importer);
    }

    /**
     * nats-server's isRevoked: an activation issued at or before the time its account (or
     * {@code *}) was revoked.
     *
     * @param account the importing account
     * @param issuedAt the activation token's {@code iat}
     * @return true when revoked
     */
    boolean revoked(String account, long issuedAt) {
        Long t = revocations.get(account);
        if (t != null && t >= issuedAt) {
            return true;
        }
        Long all = revocations.get(AccountClaims.ALL_USERS);
        return all != null && all >= issuedAt;
    }
}
