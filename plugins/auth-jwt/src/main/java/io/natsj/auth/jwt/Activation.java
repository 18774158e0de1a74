package io.natsj.auth.jwt;

/**
 * An activation token: the exporting account's permission for one account to import a
 * {@code token_req} export ({@code sub}: the importer, {@code nats.subject}: what it may
 * import, {@code nats.kind}: stream or service, {@code issuer_account} when a signing key
 * issued it).
 *
 * @param common the registered claims
 * @param subject {@code nats.subject}
 * @param kind {@code nats.kind}
 * @param issuerAccount {@code nats.issuer_account}, empty when the account itself signed
 */
record Activation(CommonClaims common, String subject, String kind, String issuerAccount) {

    /**
     * @param token the token
     * @return its claims, signature checked
     * @throws JwtException when it is not a well-formed activation signed by its issuer
     */
    static Activation decode(String token) throws JwtException {
        JwtDecoder.Decoded d;
        try {
            d = JwtDecoder.decode(token, JwtDecoder.Kind.ACTIVATION);
        } catch (JwtException e) {
            throw new JwtException("invalid activation token: " + e.getMessage());
        }
        return new Activation(d.common(), JsonFields.text(d.nats(), "subject"), JsonFields.text(d.nats(), "kind"),
                JsonFields.text(d.nats(), "issuer_account"));
    }

    /**
     * The JWT library's Import.Validate: errors here refuse the importing account's JWT.
     *
     * @param importer the importing account
     * @param i the import carrying this token
     * @throws JwtException saying why the token does not belong to the import
     */
    void validateFor(String importer, JwtImport i) throws JwtException {
        if (!(common.issuer().equals(i.account()) || issuerAccount.equals(i.account()))) {
            throw new JwtException("activation token doesn't match account for import \"" + i.subject() + "\"");
        }
        if (!common.subject().equals(importer)) {
            throw new JwtException("activation token doesn't match account it is being included in, \""
                    + i.subject() + "\"");
        }
        if (!kind.equals(i.type())) {
            throw new JwtException("mismatch between token import type " + kind + " and type of import " + i.type());
        }
        if (!SubjectSubset.contained(i.exporterSubject(), subject)) {
            throw new JwtException("activation token import subject \"" + subject + "\" doesn't match import \""
                    + i.subject() + "\"");
        }
    }

    /**
     * nats-server's checkActivation, once the exporter is known: valid now, and issued by the
     * exporter or one of its signing keys.
     *
     * @param exporter the exporter's claims
     * @param now the current Unix time
     * @throws JwtException saying why the token does not authorize the import
     */
    void check(AccountClaims exporter, long now) throws JwtException {
        if (common.expires() > 0 && common.expires() <= now) {
            throw new JwtException("activation token expired");
        }
        if (common.notBefore() > 0 && common.notBefore() > now) {
            throw new JwtException("activation token not yet valid");
        }
        if (!issuerAccount.isEmpty() && !issuerAccount.equals(exporter.common().subject())) {
            throw new JwtException("invalid issuer account in activation claim");
        }
        if (!exporter.hasIssuer(common.issuer())) {
            throw new JwtException("activation token not signed by the exporting account or its signing keys");
        }
    }
}
