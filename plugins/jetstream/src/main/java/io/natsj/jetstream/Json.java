package io.natsj.jetstream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.natsj.config.GoFormat;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * JSON as nats-server's Go encoder reads and writes it: numbers and strings are never coerced
 * into each other on input (Go rejects them, and nats-server answers "invalid JSON"), unknown
 * fields are ignored, and on output {@code <}, {@code >} and {@code &} are escaped as Go
 * escapes them ({@code "a.\u003e"}).
 */
final class Json {

    static final ObjectMapper MAPPER = mapper();
    /** Go's zero {@code time.Time}, which nats-server prints for "never". */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private Json() {
    }

    private static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // Go never reads a number or a boolean into a string field either.
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.getFactory().setCharacterEscapes(new GoEscapes());
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** @return the JSON bytes of a tree or record */
    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** @return Go's RFC 3339 spelling of a time, UTC, or the zero time for 0 */
    static String time(long epochNanos) {
        if (epochNanos == 0) {
            return ZERO_TIME;
        }
        return GoFormat.time(Instant.ofEpochSecond(0, epochNanos), ZoneOffset.UTC);
    }

    /** Go's encoding/json escapes HTML characters in strings. */
    private static final class GoEscapes extends CharacterEscapes {

        private final int[] table;

        GoEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
