package io.natsj.transport.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A distinguished name compared the way nats-server's {@code internal/ldap} package compares
 * them for {@code verify_and_map}: RDN by RDN, attribute types case-insensitively, values
 * exactly. It lets a user be configured as {@code "CN=x,OU=y,DC=z"} and match a certificate
 * whatever order or spacing the configuration uses.
 */
final class DistinguishedName {

    /** A type and value, e.g. {@code CN} and {@code example.com}. */
    record Attribute(String type, String value) {

        boolean matches(Attribute other) {
            return type.equalsIgnoreCase(other.type) && value.equals(other.value);
        }
    }

    /** The attribute types nats-server's DN reader knows; any other makes the DN unusable. */
    private static final Map<String, String> TYPES = Map.of(
            "2.5.4.3", "CN", "2.5.4.5", "SERIALNUMBER", "2.5.4.6", "C", "2.5.4.7", "L",
            "2.5.4.8", "ST", "2.5.4.9", "STREET", "2.5.4.10", "O", "2.5.4.11", "OU",
            "2.5.4.17", "POSTALCODE", SubjectNames.DC_OID, "DC");

    private final List<List<Attribute>> rdns;

    private DistinguishedName(List<List<Attribute>> rdns) {
        this.rdns = rdns;
    }

    /**
     * @param subject a certificate subject
     * @return its DN, least significant RDN first as in the string form; null when it holds an
     *         attribute nats-server cannot name (it then skips DN matching)
     */
    static DistinguishedName of(SubjectNames subject) {
        List<List<Attribute>> rdns = new ArrayList<>();
        List<List<SubjectNames.Attribute>> encoded = subject.rdns();
        for (int i = encoded.size() - 1; i >= 0; i--) {
            List<Attribute> rdn = new ArrayList<>();
            for (SubjectNames.Attribute a : encoded.get(i)) {
                String type = TYPES.get(a.oid());
                if (type == null || a.value() == null) {
                    return null;
                }
                rdn.add(new Attribute(type, a.value()));
            }
            if (!rdn.isEmpty()) {
                rdns.add(rdn);
            }
        }
        return new DistinguishedName(rdns);
    }

    /**
     * Parses an RFC 4514 string with nats-server's lenient rules (leading and unescaped
     * trailing spaces trimmed, {@code \xx} hex escapes, {@code #} BER values refused).
     *
     * @param text for example {@code CN=example.com, OU=NATS.io}
     * @return the DN, or null when the text is not one (most user names are not)
     */
    static DistinguishedName parse(String text) {
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        List<List<Attribute>> rdns = new ArrayList<>();
        List<Attribute> rdn = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String type = null;
        int trailingSpaces = 0;
        boolean escaping = false;
        for (int i = 0; i < s.length; i++) {
            byte c = s[i];
            if (escaping) {
                escaping = false;
                trailingSpaces = 0;
                if (" \"#+,;<=>\\".indexOf(c) >= 0) {
                    buffer.write(c);
                    continue;
                }
                if (i + 1 >= s.length) {
                    return null;
                }
                try {
                    buffer.write(HexFormat.fromHexDigits(new String(s, i, 2, StandardCharsets.US_ASCII)));
                } catch (IllegalArgumentException notHex) {
                    return null;
                }
                i++;
            } else if (c == '\\') {
                trailingSpaces = 0;
                escaping = true;
            } else if (c == '=') {
                type = take(buffer, trailingSpaces);
                trailingSpaces = 0;
                if (i + 1 < s.length && s[i + 1] == '#') {
                    return null;
                }
            } else if (c == ',' || c == '+') {
                if (type == null || type.isEmpty()) {
                    return null;
                }
                rdn.add(new Attribute(type, take(buffer, trailingSpaces)));
                trailingSpaces = 0;
                type = null;
                if (c == ',') {
                    rdns.add(rdn);
                    rdn = new ArrayList<>();
                }
            } else if (c == ' ' && buffer.size() == 0) {
                continue;
            } else {
                trailingSpaces = c == ' ' ? trailingSpaces + 1 : 0;
                buffer.write(c);
            }
        }
        if (buffer.size() > 0) {
            if (type == null || type.isEmpty()) {
                return null;
            }
            rdn.add(new Attribute(type, take(buffer, trailingSpaces)));
            rdns.add(rdn);
        }
        return new DistinguishedName(rdns);
    }

    /** @return true when both have the same RDNs in the same order */
    boolean sameAs(DistinguishedName other) {
        if (rdns.size() != other.rdns.size()) {
            return false;
        }
        for (int i = 0; i < rdns.size(); i++) {
            if (!sameRdn(rdns.get(i), other.rdns.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return true when both have the same RDNs in any order */
    boolean sameRdnsAs(DistinguishedName other) {
        if (rdns.size() != other.rdns.size()) {
            return false;
        }
        boolean[] used = new boolean[other.rdns.size()];
        for (List<Attribute> mine : rdns) {
            boolean found = false;
            for (int j = 0; j < used.length && !found; j++) {
                if (!used[j] && sameRdn(mine, other.rdns.get(j))) {
                    used[j] = true;
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRdn(List<Attribute> a, List<Attribute> b) {
        return a.size() == b.size() && containsAll(a, b) && containsAll(b, a);
    }

    private static boolean containsAll(List<Attribute> in, List<Attribute> wanted) {
        for (Attribute w : wanted) {
            if (in.stream().noneMatch(w::matches)) {
                return false;
            }
        }
        return true;
    }

    private static String take(ByteArrayOutputStream buffer, int trailingSpaces) {
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        return new String(bytes, 0, bytes.length - trailingSpaces, StandardCharsets.UTF_8);
    }
}
