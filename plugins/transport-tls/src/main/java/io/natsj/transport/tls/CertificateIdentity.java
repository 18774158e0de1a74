package io.natsj.transport.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The names a client certificate offers for {@code verify_and_map}, in nats-server's order
 * ({@code checkClientTLSCertSubject} in {@code server/auth.go}): e-mail SANs, DNS SANs, URI
 * SANs, then the subject. The subject is tried as a parsed DN against every user that parses
 * as one (same order first, then any order), then as Go's string form with the domain
 * components appended, then as Go's string form alone.
 *
 * <p>Example: for {@code test/configs/certs/tlsauth/client.pem} the names are
 * {@code localhost}, {@code example.com}, {@code www.example.com} and
 * {@code CN=example.com,OU=NATS.io}; the first one that is a configured user wins.
 */
public final class CertificateIdentity {

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final List<String> altNames;
    private final String subject;
    private final String subjectWithDomainComponents;
    private final DistinguishedName dn;

    private CertificateIdentity(List<String> altNames, String subject,
            String subjectWithDomainComponents, DistinguishedName dn) {
        this.altNames = altNames;
        this.subject = subject;
        this.subjectWithDomainComponents = subjectWithDomainComponents;
        this.dn = dn;
    }

    /**
     * @param certificate the peer's leaf certificate
     * @return its identity
     */
    public static CertificateIdentity of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (int type : new int[] {SAN_EMAIL, SAN_DNS, SAN_URI}) {
            names.addAll(altNames(certificate, type));
        }
        SubjectNames subject = SubjectNames.of(certificate.getSubjectX500Principal());
        String rdn = subject.goString();
        String dcs = subject.domainComponents();
        return new CertificateIdentity(List.copyOf(names), rdn,
                dcs.isEmpty() ? null : rdn + "," + dcs, DistinguishedName.of(subject));
    }

    /**
     * The candidate user names as plain strings, in the order nats-server tries them. Routes
     * and gateways ({@code cluster.tls}, {@code gateway.tls}) map with these only.
     *
     * @return e-mail, DNS and URI SANs, the subject with domain components (when it has any),
     *         then the subject in Go's form
     */
    public List<String> names() {
        List<String> out = new ArrayList<>(altNames);
        if (subjectWithDomainComponents != null) {
            out.add(subjectWithDomainComponents);
        }
        out.add(subject);
        return List.copyOf(out);
    }

    /**
     * Finds the configured user this certificate maps to, as nats-server does for clients.
     *
     * @param users the configured user names
     * @return the matching user name as configured, or empty
     */
    public Optional<String> match(Collection<String> users) {
        for (String name : altNames) {
            if (users.contains(name)) {
                return Optional.of(name);
            }
        }
        if (dn != null) {
            List<String> parsedUsers = new ArrayList<>();
            List<DistinguishedName> parsedDns = new ArrayList<>();
            for (String user : users) {
                DistinguishedName candidate = DistinguishedName.parse(user);
                if (candidate == null) {
                    continue;
                }
                if (candidate.sameAs(dn)) {
                    return Optional.of(user);
                }
                parsedUsers.add(user);
                parsedDns.add(candidate);
            }
            for (int i = 0; i < parsedDns.size(); i++) {
                if (parsedDns.get(i).sameRdnsAs(dn)) {
                    return Optional.of(parsedUsers.get(i));
                }
            }
        }
        if (subjectWithDomainComponents != null && users.contains(subjectWithDomainComponents)) {
            return Optional.of(subjectWithDomainComponents);
        }
        return users.contains(subject) ? Optional.of(subject) : Optional.empty();
    }

    private static List<String> altNames(X509Certificate certificate, int type) {
        Collection<List<?>> all;
        try {
            all = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException unreadable) {
            // nats-server would have refused such a certificate in the handshake already.
            return List.of();
        }
        if (all == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<?> entry : all) {
            if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == type
                    && entry.get(1) instanceof String value) {
                out.add(value);
            }
        }
        return out;
    }
}
