package io.natsj.topology.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
/**
 * JSON as Go's {@code encoding/json} writes and reads it on routes: {@code <}, {@code >} and
 * {@code &} written as {@code \u003c}, {@code \u003e}, {@code \u0026} (lower-case hex, as Go),
 * and unknown keys ignored on input, so newer peers' fields do no harm.
 */
final class GoJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static {
        MAPPER.getFactory().setCharacterEscapes(new GoEscapes());
    }

    private GoJson() {
    }

    /**
     * @param value an INFO or CONNECT object
     * @return its JSON text
     */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param json the JSON bytes (not released)
     * @param type what to read
     * @param <T> the type
     * @return the object
     * @throws IOException when the JSON is malformed or of the wrong shape
     */
    static <T> T read(ByteBuf json, Class<T> type) throws IOException {
        try (ByteBufInputStream in = new ByteBufInputStream(json.duplicate())) {
            T value = MAPPER.readValue((java.io.InputStream) in, type);
            if (value == null) {
                throw new IOException("null instead of an object");
            }
            return value;
        }
    }

    /** Go's HTML-safe escaping of {@code <}, {@code >}, {@code &}, U+2028 and U+2029. */
    private static final class GoEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
