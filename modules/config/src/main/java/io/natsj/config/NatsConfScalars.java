package io.natsj.config;

import static io.natsj.config.ConfText.EOF;
import static io.natsj.config.ConfText.isBlank;
import static io.natsj.config.ConfText.isDigit;
import static io.natsj.config.ConfText.isNewline;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the scalar values of the nats-server grammar (strings, numbers with size suffixes,
 * booleans, datetimes, block strings) and wraps every value with a {@code file: line} origin.
 *
 * <p>Integer suffixes follow nats-server exactly: {@code k m g t p e} are powers of 1000 and
 * {@code kb ki kib mb mi mib ...} powers of 1024, case-insensitively. A Zulu datetime
 * ({@code 2016-05-04T18:53:41Z}) is kept as its string, since typesafe-config has no time type.
 */
final class NatsConfScalars {

    /** An unquoted word: either a finished value or the name of a {@code $variable}. */
    record Unquoted(ConfigValue value, String variable, int position) {
    }

    private final ConfText in;
    private final ConfigOrigin origin;

    NatsConfScalars(ConfText in) {
        this.in = in;
        this.origin = ConfigValueFactory.fromAnyRef(0, in.name()).origin();
    }

    ConfigValue string(String value, int position) {
        return wrap(value, position);
    }

    ConfigValue list(List<ConfigValue> items, int position) {
        return ConfigValueFactory.fromIterable(items, in.name()).withOrigin(originAt(position));
    }

    ConfigValue map(Map<String, ConfigValue> entries, int position) {
        return ConfigValueFactory.fromMap(entries, in.name()).withOrigin(originAt(position));
    }

    private ConfigValue wrap(Object value, int position) {
        return ConfigValueFactory.fromAnyRef(value, in.name()).withOrigin(originAt(position));
    }

    private ConfigOrigin originAt(int position) {
        return origin.withLineNumber(in.lineAt(position));
    }

    /** {@code 'text'}: no escapes at all. */
    ConfigValue rawString() {
        int start = in.pos();
        in.next();
        int from = in.pos();
        while (in.peek() != '\'') {
            if (in.next() == EOF) {
                throw in.error(in.pos(), "Unexpected EOF.");
            }
        }
        String value = in.slice(from, in.pos());
        in.next();
        return wrap(value, start);
    }

    /** {@code "text"} with nats-server's escapes. */
    ConfigValue quotedString() {
        int start = in.pos();
        in.next();
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = in.next();
            if (c == EOF) {
                throw in.error(in.pos(), "Unexpected EOF.");
            }
            if (c == '"') {
                return wrap(out.toString(), start);
            }
            if (c == '\\') {
                appendEscape(out);
            } else {
                out.append((char) c);
            }
        }
    }

    private void appendEscape(StringBuilder out) {
        int at = in.pos();
        int c = in.next();
        switch (c) {
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'x' -> {
                int a = in.next();
                int b = in.next();
                if (isNewline(a) || isNewline(b) || a == EOF || b == EOF) {
                    throw in.error(in.pos(), "Expected two hexadecimal digits after '\\x', but hit end of line");
                }
                String hex = "" + (char) a + (char) b;
                if (!HexFormat.isHexDigit(a) || !HexFormat.isHexDigit(b)) {
                    throw in.error(at, "Expected two hexadecimal digits after '\\x', but got '" + hex + "'");
                }
                out.append((char) Integer.parseInt(hex, 16));
            }
            default -> throw in.error(at, "Invalid escape character '" + ConfText.describe(c)
                    + "'. Only the following escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.");
        }
    }

    /**
     * {@code ( ... )}: everything up to a line holding only {@code )}, including the newline
     * right after the opening parenthesis and the one before the closing one, as nats-server does.
     */
    ConfigValue blockString() {
        int start = in.pos();
        in.next();
        int from = in.pos();
        while (true) {
            int c = in.next();
            if (c == EOF) {
                throw in.error(in.pos(), "Unexpected EOF processing block.");
            }
            int closeAt = in.pos() - 1;
            if (c == ')' && closeAt > from && in.slice(closeAt - 1, closeAt).equals("\n")
                    && (in.peek() == '\n' || in.peek() == EOF)) {
                return wrap(in.slice(from, closeAt), start);
            }
        }
    }

    /** A value that starts with a digit: integer, float, datetime, IP address or plain string. */
    ConfigValue numberDateOrString() {
        int start = in.pos();
        in.next();
        while (true) {
            int c = in.peek();
            if (isDigit(c)) {
                in.next();
            } else if (c == '-') {
                if (in.pos() - start != 4) {
                    throw in.error(in.pos(), "All ISO8601 dates must be in full Zulu form.");
                }
                in.next();
                return datetime(start);
            } else if (c == '.') {
                in.next();
                return floatOrAddress(start);
            } else if (isSizeSuffix(c)) {
                in.next();
                return sizedInteger(start);
            } else if (endsNumber(c)) {
                return integer(start);
            } else {
                return unquoted(start).value();
            }
        }
    }

    /** A value after '-': integer, float (or address) or sized integer. */
    ConfigValue negativeNumber() {
        int start = in.pos();
        in.next();
        int c = in.peek();
        if (!isDigit(c)) {
            throw in.error(in.pos(), c == '.' ? "Floats must start with a digit, not '.'."
                    : "Expected a digit but got '" + ConfText.describe(c) + "'.");
        }
        while (isDigit(in.peek())) {
            in.next();
        }
        if (in.peek() == '.') {
            in.next();
            return floatOrAddress(start);
        }
        if (isSizeSuffix(in.peek())) {
            in.next();
            return sizedInteger(start);
        }
        return integer(start);
    }

    private ConfigValue floatOrAddress(int start) {
        int c = in.peek();
        if (!isDigit(c)) {
            throw in.error(in.pos(), "Floats must have a digit after the '.', but got '"
                    + ConfText.describe(c) + "' instead.");
        }
        while (isDigit(in.peek())) {
            in.next();
        }
        if (in.peek() == '.') {
            // A second dot: this is an address such as 127.0.0.1:4222, kept as a string.
            int k;
            while (isDigit(k = in.peek()) || k == '.' || k == ':' || k == '-') {
                in.next();
            }
            return wrap(in.slice(start, in.pos()), start);
        }
        String text = in.slice(start, in.pos());
        try {
            return wrap(Double.parseDouble(text), start);
        } catch (NumberFormatException e) {
            throw in.error(start, "expected float, but got '" + text + "'");
        }
    }

    private ConfigValue sizedInteger(int start) {
        int c;
        while ((c = in.peek()) == 'b' || c == 'B' || c == 'i' || c == 'I') {
            in.next();
        }
        if (endsNumber(in.peek()) || isDigit(in.peek())) {
            return integer(start);
        }
        return unquoted(start).value();
    }

    private ConfigValue integer(int start) {
        String text = in.slice(start, in.pos());
        int digits = 0;
        while (digits < text.length() && (isDigit(text.charAt(digits)) || text.charAt(digits) == '-')) {
            digits++;
        }
        long number;
        try {
            number = Long.parseLong(text.substring(0, digits));
        } catch (NumberFormatException e) {
            throw in.error(start, "integer '" + text + "' is out of the range");
        }
        String suffix = text.substring(digits).trim().toLowerCase(Locale.ROOT);
        Long multiplier = SizeSuffix.multiplier(suffix);
        if (multiplier == null) {
            throw in.error(start, "invalid size suffix in '" + text + "'");
        }
        try {
            return wrap(Math.multiplyExact(number, multiplier), start);
        } catch (ArithmeticException e) {
            throw in.error(start, "integer '" + text + "' is out of the range");
        }
    }

    private ConfigValue datetime(int start) {
        String shape = "00-00T00:00:00Z";
        for (int i = 0; i < shape.length(); i++) {
            char want = shape.charAt(i);
            int c = in.next();
            if (want == '0' ? !isDigit(c) : c != want) {
                throw in.error(in.pos() - 1, (want == '0' ? "Expected digit" : "Expected '" + want + "'")
                        + " in ISO8601 datetime, but found '" + ConfText.describe(c) + "' instead.");
            }
        }
        return wrap(in.slice(start, in.pos()), start);
    }

    /**
     * An unquoted string from {@code start}: ends at a blank, newline, {@code ; , ] }} or EOF;
     * a {@code '} ends it too and is swallowed. Words meaning true/false become booleans and
     * {@code $name} a variable reference, unless escapes were used.
     */
    Unquoted unquoted(int start) {
        StringBuilder out = new StringBuilder();
        boolean escaped = false;
        int from = start;
        in.reset(start);
        while (true) {
            int c = in.peek();
            if (c == '\\') {
                out.append(in.slice(from, in.pos()));
                in.next();
                appendEscape(out);
                escaped = true;
                from = in.pos();
                continue;
            }
            if (c == EOF || isNewline(c) || c == ';' || c == ',' || c == ']' || c == '}' || isBlank(c)) {
                out.append(in.slice(from, in.pos()));
                break;
            }
            if (c == '\'') {
                out.append(in.slice(from, in.pos()));
                in.next();
                return new Unquoted(wrap(out.toString(), start), null, start);
            }
            in.next();
        }
        String word = out.toString();
        if (!escaped) {
            switch (word.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> {
                    return new Unquoted(wrap(true, start), null, start);
                }
                case "false", "no", "off" -> {
                    return new Unquoted(wrap(false, start), null, start);
                }
                default -> {
                    if (word.startsWith("$")) {
                        return new Unquoted(null, word.substring(1), start);
                    }
                }
            }
        }
        return new Unquoted(wrap(word, start), null, start);
    }

    private static boolean isSizeSuffix(int c) {
        return "kKmMgGtTpPeE".indexOf(c) >= 0 && c != EOF;
    }

    private static boolean endsNumber(int c) {
        return c == EOF || isNewline(c) || c == '}' || c == ';' || c == ',' || isBlank(c);
    }
}
