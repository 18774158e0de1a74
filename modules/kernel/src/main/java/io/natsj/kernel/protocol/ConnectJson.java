package io.natsj.kernel.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a CONNECT block into {@link ConnectOptions} as nats-server's Go JSON decoding does:
 * field names match whatever their case, a {@code null} leaves a field as it was (so does
 * {@code CONNECT null}), unknown fields are skipped, and a value of the wrong type (a string
 * for a boolean, {@code 1.0} for the protocol) or anything after the object is an error.
 *
 * <p>Jackson's streaming parser rather than its object mapper: every client's first operation
 * goes through here, and the mapper's first use (bean introspection, serialiser caches) put
 * some 600 classes and tens of milliseconds on the path to a new server's first PONG.
 */
public final class ConnectJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ConnectJson() {
    }

    /**
     * @param json the CONNECT argument
     * @param into the options to merge into (changed in place)
     * @return {@code into}
     * @throws IOException when the JSON is malformed, a value has the wrong type, or more follows
     */
    public static ConnectOptions merge(InputStream json, ConnectOptions into) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken root = p.nextToken();
            if (root == JsonToken.VALUE_NULL) {
                expectEnd(p);
                return into;
            }
            if (root != JsonToken.START_OBJECT) {
                throw new IOException("CONNECT is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "verbose" -> into.verbose = bool(p);
                    case "pedantic" -> into.pedantic = bool(p);
                    case "tls_required" -> into.tlsRequired = bool(p);
                    case "echo" -> into.echo = bool(p);
                    case "headers" -> into.headers = bool(p);
                    case "no_responders" -> into.noResponders = bool(p);
                    case "protocol" -> into.protocol = integer(p);
                    case "name" -> into.name = string(p);
                    case "lang" -> into.lang = string(p);
                    case "version" -> into.version = string(p);
                    case "auth_token" -> into.authToken = string(p);
                    case "user" -> into.user = string(p);
                    case "pass" -> into.pass = string(p);
                    case "nkey" -> into.nkey = string(p);
                    case "sig" -> into.sig = string(p);
                    case "jwt" -> into.jwt = string(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("CONNECT object not closed");
            }
            expectEnd(p);
            return into;
        }
    }

    private static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new IOException("more after the CONNECT object");
        }
    }

    private static boolean bool(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw new IOException("not a boolean: " + p.getText());
        };
    }

    private static int integer(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new IOException("not an int: " + p.getText());
        }
        return p.getIntValue();
    }

    private static String string(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("not a string: " + p.getText());
        }
        return p.getText();
    }
}
