package io.natsj.kernel.monitor;

import io.natsj.config.GoFormat;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, decoded as nats-server decodes them with Go's {@code strconv}:
 * an absent or empty parameter is the zero value, and a malformed one is refused with the
 * same {@code 400} text nats-server sends (e.g. {@code Error decoding int for 'limit':
 * strconv.Atoi: parsing "abc": invalid syntax}).
 */
public final class QueryParams {

    private final Map<String, List<String>> params;

    /**
     * @param decoded the request URI, decoded
     */
    public QueryParams(QueryStringDecoder decoded) {
        this.params = decoded.parameters();
    }

    /**
     * @param name the parameter
     * @return its first value, or "" when absent (Go's {@code url.Values.Get})
     */
    public String get(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /**
     * @param name the parameter
     * @return its value as Go's {@code strconv.ParseBool} reads it, false when absent
     * @throws BadRequestException when it is not a Go boolean
     */
    public boolean bool(String name) throws BadRequestException {
        String s = get(name);
        return switch (s) {
            case "" , "0", "f", "F", "false", "FALSE", "False" -> false;
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            default -> throw new BadRequestException("Error decoding boolean for '" + name
                    + "': strconv.ParseBool: parsing " + GoFormat.quote(s) + ": invalid syntax");
        };
    }

    /**
     * @param name the parameter
     * @return its value as Go's {@code strconv.Atoi} reads it, 0 when absent
     * @throws BadRequestException when it is not a 64-bit integer
     */
    public int integer(String name) throws BadRequestException {
        String s = get(name);
        if (s.isEmpty()) {
            return 0;
        }
        String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (!isDigits(digits)) {
            throw new BadRequestException("Error decoding int for '" + name
                    + "': strconv.Atoi: parsing " + GoFormat.quote(s) + ": invalid syntax");
        }
        try {
            long v = Long.parseLong(s);
            // Go's int is 64 bits; larger offsets and limits behave as "everything".
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        } catch (NumberFormatException e) {
            throw new BadRequestException("Error decoding int for '" + name
                    + "': strconv.Atoi: parsing " + GoFormat.quote(s) + ": value out of range");
        }
    }

    /**
     * @param name the parameter
     * @return its value as Go's {@code strconv.ParseUint} reads it, 0 when absent
     * @throws BadRequestException when it is not an unsigned 64-bit integer
     */
    public long unsigned(String name) throws BadRequestException {
        String s = get(name);
        if (s.isEmpty()) {
            return 0;
        }
        if (!isDigits(s)) {
            throw new BadRequestException("Error decoding uint64 for '" + name
                    + "': strconv.ParseUint: parsing " + GoFormat.quote(s) + ": invalid syntax");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new BadRequestException("Error decoding uint64 for '" + name
                    + "': strconv.ParseUint: parsing " + GoFormat.quote(s) + ": value out of range");
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
