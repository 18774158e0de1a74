package io.natsj.config;

import static io.natsj.config.ConfText.EOF;
import static io.natsj.config.ConfText.isBlank;
import static io.natsj.config.ConfText.isDigit;
import static io.natsj.config.ConfText.isNewline;
import static io.natsj.config.ConfText.isSpace;

import com.typesafe.config.ConfigValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent reader for one nats-server format document (one file or string). It follows
 * the state machine of nats-server's {@code conf/lex.go} so that the same texts are accepted and
 * the same values come out; scalar decoding lives in {@link NatsConfScalars}.
 */
final class NatsConfDocument {

    /** What the document needs from its surroundings: include files and variables. */
    interface Context {
        /** Parses an included file, relative to the including document. */
        Map<String, ConfigValue> include(String target, ConfText from, int position);

        /** Resolves a variable that no enclosing block defines (the environment). */
        ConfigValue fallbackVariable(String name, ConfText from, int position);
    }

    private final ConfText in;
    private final Context context;
    private final NatsConfScalars scalars;
    /** Maps open around the current position, innermost first: the variable scopes. */
    private final Deque<Map<String, ConfigValue>> scopes = new ArrayDeque<>();

    NatsConfDocument(ConfText in, Context context) {
        this.in = in;
        this.context = context;
        this.scopes.push(new LinkedHashMap<>());
        this.scalars = new NatsConfScalars(in);
    }

    /** Reads the whole document; the result keeps keys exactly as written. */
    Map<String, ConfigValue> parse() {
        Map<String, ConfigValue> root = scopes.peek();
        int braceDepth = 0;
        while (true) {
            skipSpaceAndComments();
            int c = in.peek();
            if (c == EOF) {
                return root;
            }
            // A whole file may be wrapped in braces, which makes JSON documents valid.
            if (c == '{') {
                in.next();
                braceDepth++;
                continue;
            }
            if (c == '}') {
                in.next();
                braceDepth = Math.max(0, braceDepth - 1);
                continue;
            }
            parseEntry(root, false);
            endTopLevelValue(braceDepth > 0);
        }
    }

    private void endTopLevelValue(boolean inBlock) {
        while (true) {
            int c = in.peek();
            if (isBlank(c)) {
                in.next();
            } else if (startsComment()) {
                skipComment();
            } else if (c == '/') {
                in.next(); // nats-server lets a lone '/' pass as blank here
            } else if (c == EOF || isNewline(c) || c == ';' || c == ',' || c == '}') {
                if (c != EOF && c != '}') {
                    in.next();
                }
                return;
            } else {
                String where = inBlock ? "block-level" : "top-level";
                throw in.error(in.pos(), "Expected a " + where + " value to end with a new line, "
                        + "comment or EOF, but got '" + ConfText.describe(c) + "' instead.");
            }
        }
    }

    /** Reads {@code key [sep] value} (or an include) into {@code target}. */
    private void parseEntry(Map<String, ConfigValue> target, boolean inMap) {
        int keyPos = in.pos();
        int c = in.peek();
        if (c == '=' || c == ':') {
            throw in.error(keyPos, "Unexpected key separator '" + (char) c + "'");
        }
        if (inMap && c == ']') {
            throw in.error(keyPos, "Unexpected array end ']' processing map.");
        }
        String key;
        if (c == '"' || c == '\'') {
            in.next();
            int start = in.pos();
            while (in.peek() != c) {
                if (in.next() == EOF) {
                    throw in.error(in.pos(), inMap ? "Unexpected EOF processing quoted map key." : "Unexpected EOF.");
                }
            }
            key = in.slice(start, in.pos());
            in.next();
        } else {
            int start = in.pos();
            while (true) {
                int k = in.peek();
                if (k == EOF) {
                    if (inMap) {
                        throw in.error(in.pos(), "Unexpected EOF processing map key.");
                    }
                    break;
                }
                if (isSpace(k) || k == '=' || k == ':') {
                    break;
                }
                in.next();
            }
            key = in.slice(start, in.pos());
            if (isSpace(in.peek()) && key.equalsIgnoreCase("include")) {
                parseInclude(target);
                return;
            }
        }
        while (isSpace(in.peek())) {
            in.next();
        }
        if (in.peek() == EOF) {
            throw in.error(in.pos(), "config is invalid: key '" + key + "' has no value");
        }
        boolean separated = in.peek() == '=' || in.peek() == ':';
        if (separated) {
            in.next();
        }
        if (inMap) {
            while (isSpace(in.peek())) {
                in.next();
            }
            if (in.peek() == ',') {
                throw in.error(in.pos(), "Unexpected map value terminator ','.");
            }
            if (in.peek() == '}') {
                throw in.error(in.pos(), "Expected a value for key '" + key + "' but found '}'");
            }
        }
        target.put(key, parseValue());
    }

    private void parseInclude(Map<String, ConfigValue> target) {
        while (isBlank(in.peek())) {
            in.next();
        }
        int pos = in.pos();
        int c = in.peek();
        String file;
        if (c == '\'' || c == '"') {
            in.next();
            int start = in.pos();
            while (in.peek() != c) {
                if (in.next() == EOF) {
                    throw in.error(in.pos(), c == '"' ? "Unexpected EOF in double quoted include"
                            : "Unexpected EOF in quoted include");
                }
            }
            file = in.slice(start, in.pos());
            in.next();
        } else {
            String problem = switch (c) {
                case '[' -> "start of an array";
                case '{' -> "start of a map";
                case '(' -> "start of a block";
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "start of a number";
                case '\\' -> "escape sequence";
                case '\n', '\r' -> "new line";
                default -> null;
            };
            if (problem != null) {
                throw in.error(pos, "Expected include value but found " + problem);
            }
            int start = in.pos();
            int k;
            while ((k = in.peek()) != EOF && !isNewline(k) && k != ';' && k != '}' && !isBlank(k) && k != '\'') {
                in.next();
            }
            file = in.slice(start, in.pos());
            if (k == '\'') {
                in.next();
            }
        }
        target.putAll(context.include(file, in, pos));
    }

    private ConfigValue parseValue() {
        while (isBlank(in.peek())) {
            in.next();
        }
        int start = in.pos();
        int c = in.peek();
        return switch (c) {
            case '[' -> parseArray();
            case '{' -> parseMap();
            case '\'' -> scalars.rawString();
            case '"' -> scalars.quotedString();
            case '(' -> scalars.blockString();
            case '-' -> scalars.negativeNumber();
            case '.' -> throw in.error(start, "Floats must start with a digit");
            case '\n', '\r' -> throw in.error(start, "Expected value but found new line");
            default -> {
                if (isDigit(c)) {
                    yield scalars.numberDateOrString();
                }
                yield resolve(scalars.unquoted(start));
            }
        };
    }

    private ConfigValue resolve(NatsConfScalars.Unquoted word) {
        if (word.variable() == null) {
            return word.value();
        }
        String name = word.variable();
        if (name.startsWith("2a$")) {
            // bcrypt hashes look like variables; nats-server keeps them as strings.
            return scalars.string("$" + name, word.position());
        }
        for (Map<String, ConfigValue> scope : scopes) {
            ConfigValue found = scope.get(name);
            if (found != null) {
                // nats-server does not report a used variable as an unknown field: mark it.
                scope.put(name, UsedVariables.mark(found));
                return found;
            }
        }
        return context.fallbackVariable(name, in, word.position());
    }

    private ConfigValue parseArray() {
        int start = in.pos();
        in.next();
        List<ConfigValue> items = new ArrayList<>();
        while (true) {
            int c = in.peek();
            if (isSpace(c)) {
                in.next();
                continue;
            }
            if (startsComment()) {
                skipComment();
                continue;
            }
            if (c == ',' || c == '/') {
                throw in.error(in.pos(), "Unexpected array value terminator ','.");
            }
            if (c == ']') {
                in.next();
                return scalars.list(items, start);
            }
            if (c == EOF) {
                throw in.error(in.pos(), "Unexpected EOF processing array.");
            }
            items.add(parseValue());
            if (endArrayValue()) {
                return scalars.list(items, start);
            }
        }
    }

    /** @return true when the array's closing bracket was consumed */
    private boolean endArrayValue() {
        while (true) {
            int c = in.peek();
            if (isBlank(c)) {
                in.next();
            } else if (startsComment()) {
                skipComment();
            } else if (c == ',' || isNewline(c)) {
                in.next();
                return false;
            } else if (c == ']') {
                in.next();
                return true;
            } else {
                throw in.error(in.pos(), "Expected an array value terminator ',' or an array terminator ']', "
                        + "but got '" + ConfText.describe(c) + "' instead.");
            }
        }
    }

    private ConfigValue parseMap() {
        int start = in.pos();
        in.next();
        Map<String, ConfigValue> map = new LinkedHashMap<>();
        scopes.push(map);
        try {
            while (true) {
                int c = in.peek();
                if (isSpace(c)) {
                    in.next();
                    continue;
                }
                if (startsComment()) {
                    skipComment();
                    continue;
                }
                if (c == '}') {
                    in.next();
                    return scalars.map(map, start);
                }
                if (c == EOF) {
                    throw in.error(in.pos(), "Unexpected EOF processing map.");
                }
                parseEntry(map, true);
                if (endMapValue()) {
                    return scalars.map(map, start);
                }
            }
        } finally {
            scopes.pop();
        }
    }

    /** @return true when the map's closing brace was consumed */
    private boolean endMapValue() {
        while (true) {
            int c = in.peek();
            if (isBlank(c)) {
                in.next();
            } else if (startsComment()) {
                skipComment();
            } else if (c == ';' || c == ',' || isNewline(c)) {
                in.next();
                return false;
            } else if (c == '}') {
                in.next();
                return true;
            } else {
                throw in.error(in.pos(), "Expected a map value terminator ',' or a map terminator '}', "
                        + "but got '" + ConfText.describe(c) + "' instead.");
            }
        }
    }

    private boolean startsComment() {
        return in.peek() == '#' || (in.peek() == '/' && in.peekAt(1) == '/');
    }

    private void skipComment() {
        int c;
        while ((c = in.peek()) != EOF && !isNewline(c)) {
            in.next();
        }
    }

    private void skipSpaceAndComments() {
        while (true) {
            if (isSpace(in.peek())) {
                in.next();
            } else if (startsComment()) {
                skipComment();
            } else {
                return;
            }
        }
    }
}
