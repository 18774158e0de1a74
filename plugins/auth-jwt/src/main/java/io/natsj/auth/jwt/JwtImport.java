package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an account JWT's {@code imports}, as nats' JWT library (v2) encodes it, with
 * the subjects nats-server 2.9.10 derives from it.
 *
 * @param service true for {@code "type": "service"}, false for {@code "stream"}
 * @param type {@code type} as written
 * @param account {@code account}: the exporter
 * @param subject {@code subject}
 * @param to {@code to} (deprecated): a stream's prefix, or a service's subject in the exporter
 * @param localSubject {@code local_subject}
 * @param token {@code token}: the activation token, or empty
 * @param share {@code share}: the exporter may see who asked (latency metrics)
 */
record JwtImport(boolean service, String type, String account, String subject, String to, String localSubject,
                 String token, boolean share) {

    /**
     * @param nats an account JWT's {@code nats} claims
     * @return its imports
     * @throws JwtException when a field has the wrong type
     */
    static List<JwtImport> read(JsonNode nats) throws JwtException {
        List<JwtImport> out = new ArrayList<>();
        JsonNode list = nats.get("imports");
        if (JsonFields.absent(list)) {
            return out;
        }
        if (!list.isArray()) {
            throw new JwtException("field \"imports\": expected a list");
        }
        for (JsonNode i : list) {
            if (!i.isObject()) {
                throw new JwtException("field \"imports\": expected objects");
            }
            String type = JsonFields.text(i, "type");
            out.add(new JwtImport(type.equals("service"), type, JsonFields.text(i, "account"),
                    JsonFields.text(i, "subject"), JsonFields.text(i, "to"), JsonFields.text(i, "local_subject"),
                    JsonFields.text(i, "token"), JsonFields.bool(i, "share")));
        }
        return out;
    }

    /**
     * The JWT library's Import.Validate, whose errors make nats-server refuse the whole
     * account JWT: a known type, an exporter, {@code local_subject} not beside {@code to},
     * valid subjects, and an activation token that decodes and is about this import (issued
     * for the importer, by the exporter, of the import's kind, covering its subject).
     *
     * @param importer the importing account
     * @throws JwtException naming what is wrong
     */
    void validate(String importer) throws JwtException {
        if (!service && !type.equals("stream")) {
            throw new JwtException("invalid import type: \"" + type + "\"");
        }
        if (account.isEmpty()) {
            throw new JwtException("account to import from is not specified");
        }
        if (!localSubject.isEmpty() && !to.isEmpty()) {
            throw new JwtException("Local Subject replaces To");
        }
        if (!SubjectSubset.valid(exporterSubject()) || !SubjectSubset.valid(importerSubject())) {
            throw new JwtException("import of \"" + subject + "\": invalid subject");
        }
        // JWT library v2.3.0 (nats-server 2.9.10) fetches nothing: a URL is decoded as a token too.
        if (!token.isEmpty()) {
            Activation act;
            try {
                act = Activation.decode(token);
            } catch (JwtException e) {
                throw new JwtException("import \"" + subject + "\" contains an invalid activation token");
            }
            act.validateFor(importer, this);
        }
    }

    /**
     * nats-server 2.9.10's updateAccountClaims: a service import with {@code local_subject}
     * serves it and reaches {@code subject}; without, it serves {@code subject} and reaches
     * {@code to} (or {@code subject}). A stream import reads {@code subject}.
     *
     * @return the subject in the exporting account
     */
    String exporterSubject() {
        if (service && localSubject.isEmpty() && !to.isEmpty()) {
            return to;
        }
        return subject;
    }

    /**
     * @return the subject in the importing account: {@code local_subject}; else for a stream
     *         {@code to} as a prefix (a {@code .} added), for a service {@code subject}
     */
    String importerSubject() {
        if (!localSubject.isEmpty()) {
            return localSubject;
        }
        if (!service && !to.isEmpty()) {
            return (to.endsWith(".") ? to : to + ".") + subject;
        }
        return subject;
    }
}
