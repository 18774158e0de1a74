package io.natsj.kernel.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Secrets taken out of a traced CONNECT: the values of {@code pass} and {@code auth_token}
 * become {@code "[REDACTED]"} and the rest of the line stays as the client wrote it.
 * nats-server 2.9.10 redacts {@code pass} only, by scanning for its closing quote (an escaped
 * quote inside the password leaks the rest), and logs tokens in full; natsj finds the values
 * with Jackson's parser, so escapes cannot split them, and redacts tokens too. A line that is
 * not JSON is cut at the first secret's key.
 */
final class TraceRedaction {

    static final String REDACTED = "\"[REDACTED]\"";
    private static final Set<String> SECRETS = Set.of("pass", "auth_token");
    private static final JsonFactory JSON = new JsonFactory();

    private TraceRedaction() {
    }

    /**
     * @param connectJson the CONNECT arguments as the client sent them
     * @return the same text with every secret's value replaced
     */
    static String connect(String connectJson) {
        List<int[]> spans = new ArrayList<>();
        try (JsonParser p = JSON.createParser(connectJson)) {
            int depth = 0;
            boolean secret = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        // Go matches field names in any case, and so does the CONNECT reader.
                        secret = depth == 1 && SECRETS.contains(p.currentName().toLowerCase(Locale.ROOT));
                        continue;
                    }
                    case VALUE_STRING -> {
                        if (secret) {
                            long start = p.currentTokenLocation().getCharOffset();
                            p.finishToken(); // the parser reads a string's text lazily; its end is known after this
                            spans.add(new int[] {(int) start, (int) p.currentLocation().getCharOffset()});
                        }
                    }
                    default -> {
                    }
                }
                secret = false;
            }
        } catch (IOException | RuntimeException e) {
            return cutAtFirstSecret(connectJson);
        }
        return replace(connectJson, spans);
    }

    private static String replace(String text, List<int[]> spans) {
        StringBuilder sb = new StringBuilder(text);
        for (int i = spans.size() - 1; i >= 0; i--) {
            sb.replace(spans.get(i)[0], spans.get(i)[1], REDACTED);
        }
        return sb.toString();
    }

    private static String cutAtFirstSecret(String text) {
        int cut = text.length();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String key : SECRETS) {
            int at = lower.indexOf('"' + key + '"');
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return cut == text.length() ? text : text.substring(0, cut) + "[REDACTED]";
    }
}
