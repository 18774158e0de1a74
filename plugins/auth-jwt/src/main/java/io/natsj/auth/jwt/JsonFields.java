package io.natsj.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of claim fields. Go's JSON decoder refuses a value of the wrong type for a
 * field but accepts a missing field or {@code null} as the zero value; these reads do the same,
 * so a JWT nats-server refuses is refused here too.
 */
final class JsonFields {

    private JsonFields() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    static String text(JsonNode parent, String field) throws JwtException {
        JsonNode v = parent.get(field);
        if (absent(v)) {
            return "";
        }
        if (!v.isTextual()) {
            throw new JwtException("field \"" + field + "\": expected a string");
        }
        return v.textValue();
    }

    static long integer(JsonNode parent, String field) throws JwtException {
        JsonNode v = parent.get(field);
        if (absent(v)) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new JwtException("field \"" + field + "\": expected an integer");
        }
        return v.longValue();
    }

    static boolean bool(JsonNode parent, String field) throws JwtException {
        JsonNode v = parent.get(field);
        if (absent(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new JwtException("field \"" + field + "\": expected true or false");
        }
        return v.booleanValue();
    }

    /**
     * @return the object under {@code field}, or an empty object node when absent
     */
    static JsonNode object(JsonNode parent, String field) throws JwtException {
        JsonNode v = parent.get(field);
        if (absent(v)) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!v.isObject()) {
            throw new JwtException("field \"" + field + "\": expected an object");
        }
        return v;
    }

    /** @return a list of strings, empty when absent */
    static List<String> strings(JsonNode parent, String field) throws JwtException {
        return strings(parent, field, false);
    }

    /**
     * @return a list of CIDRs: nats' {@code CIDRList} also accepts one string of
     *         comma-separated entries, which is how older tools wrote {@code src}
     */
    static List<String> cidrs(JsonNode parent, String field) throws JwtException {
        return strings(parent, field, true);
    }

    private static List<String> strings(JsonNode parent, String field, boolean commaString) throws JwtException {
        JsonNode v = parent.get(field);
        if (absent(v)) {
            return List.of();
        }
        if (commaString && v.isTextual()) {
            List<String> out = new ArrayList<>();
            for (String s : v.textValue().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return List.copyOf(out);
        }
        if (!v.isArray()) {
            throw new JwtException("field \"" + field + "\": expected a list of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new JwtException("field \"" + field + "\": expected a list of strings");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }
}
