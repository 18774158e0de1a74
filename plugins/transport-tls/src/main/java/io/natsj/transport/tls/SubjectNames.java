package io.natsj.transport.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate subject read attribute by attribute from its DER encoding, and the two string
 * forms nats-server derives from it for {@code verify_and_map}: Go's
 * {@code pkix.Name.ToRDNSequence().String()} and the list of domain components.
 *
 * <p>Go's form is not RFC 2253 as the JDK prints it: Go rebuilds the sequence from the
 * attributes it knows, in a fixed order (C, ST, L, STREET, POSTALCODE, O, OU, CN,
 * SERIALNUMBER), with all values of one type in one multi-valued RDN, drops the attributes it
 * does not know (DC, UID, emailAddress...), and prints the result last RDN first.
 */
final class SubjectNames {

    /** One attribute: its type OID and its text, or null when the value is not a string. */
    record Attribute(String oid, String value) {
    }

    static final String DC_OID = "0.9.2342.19200300.100.1.25";

    /** The order of Go's {@code ToRDNSequence}, with the short names its {@code String} prints. */
    private static final List<Map.Entry<String, String>> GO_ORDER = List.of(
            Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.9", "STREET"),
            Map.entry("2.5.4.17", "POSTALCODE"),
            Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.5", "SERIALNUMBER"));

    /** Single-valued in Go's {@code pkix.Name}: the last value in the subject wins. */
    private static final List<String> SINGLE = List.of("2.5.4.3", "2.5.4.5");

    private final List<List<Attribute>> rdns;

    private SubjectNames(List<List<Attribute>> rdns) {
        this.rdns = rdns;
    }

    /**
     * @param subject the certificate's subject
     * @return its RDNs in encoded order (most significant first)
     */
    static SubjectNames of(X500Principal subject) {
        List<List<Attribute>> rdns = new ArrayList<>();
        for (Der.Element set : Der.parse(subject.getEncoded()).children()) {
            List<Attribute> rdn = new ArrayList<>();
            for (Der.Element atv : set.children()) {
                List<Der.Element> parts = atv.children();
                rdn.add(new Attribute(parts.get(0).oid(), parts.get(1).text()));
            }
            rdns.add(List.copyOf(rdn));
        }
        return new SubjectNames(List.copyOf(rdns));
    }

    /** @return the RDNs in encoded order (most significant first) */
    List<List<Attribute>> rdns() {
        return rdns;
    }

    /** @return the subject as Go's {@code RDNSequence.String()} prints {@code ToRDNSequence()} */
    String goString() {
        List<List<String>> sequence = new ArrayList<>();
        for (Map.Entry<String, String> type : GO_ORDER) {
            List<String> values = new ArrayList<>();
            for (List<Attribute> rdn : rdns) {
                for (Attribute a : rdn) {
                    if (a.oid().equals(type.getKey()) && a.value() != null) {
                        boolean single = SINGLE.contains(type.getKey());
                        if (single) {
                            values.clear();
                        }
                        // Go keeps CN and SERIALNUMBER as one string and prints it if non-empty.
                        if (!single || !a.value().isEmpty()) {
                            values.add(type.getValue() + "=" + escape(a.value()));
                        }
                    }
                }
            }
            if (!values.isEmpty()) {
                sequence.add(values);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = sequence.size() - 1; i >= 0; i--) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(String.join("+", sequence.get(i)));
        }
        return out.toString();
    }

    /** @return the domain components in encoded order, as {@code DC=a,DC=b}; empty if none */
    String domainComponents() {
        List<String> dcs = new ArrayList<>();
        for (List<Attribute> rdn : rdns) {
            for (Attribute a : rdn) {
                if (a.oid().equals(DC_OID) && a.value() != null) {
                    dcs.add("DC=" + a.value());
                }
            }
        }
        return String.join(",", dcs);
    }

    /** Go's escaping in {@code RDNSequence.String()}, which is close to but not RFC 4514. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int last = value.length() - 1;
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            boolean escape = switch (c) {
                case ',', '+', '"', '\\', '<', '>', ';' -> true;
                case ' ' -> k == 0 || k == last;
                case '#' -> k == 0;
                default -> false;
            };
            if (escape) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
