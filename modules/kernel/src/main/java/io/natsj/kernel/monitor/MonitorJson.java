package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The JSON writers of the monitoring endpoints. nats-server answers with Go's
 * {@code json.MarshalIndent(v, "", "  ")} (health with plain {@code json.Marshal}); this
 * reproduces that layout byte for byte where practical, so that diffs against a nats-server
 * answer show only real differences: {@code "key": value}, two-space indent, {@code {}} and
 * {@code []} when empty, and whole floats without a {@code .0}.
 */
public final class MonitorJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new SimpleModule("go-floats")
                    .addSerializer(Double.class, new GoFloatSerializer())
                    .addSerializer(double.class, new GoFloatSerializer()))
            .build();
    private static final ObjectWriter INDENTED = MAPPER.writer(goIndent());
    private static final ObjectWriter COMPACT = MAPPER.writer();

    private MonitorJson() {
    }

    /**
     * @param value the record to write
     * @return the indented JSON, as nats-server's endpoints answer
     */
    public static byte[] indented(Object value) {
        try {
            return INDENTED.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("monitoring JSON could not be written", e);
        }
    }

    /**
     * @param value the record to write
     * @return the JSON on one line, as /healthz answers
     */
    public static byte[] compact(Object value) {
        try {
            return COMPACT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("monitoring JSON could not be written", e);
        }
    }

    private static DefaultPrettyPrinter goIndent() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    /**
     * Go prints float64 in the shortest form that reads back, without exponent between 1e-6
     * and 1e21 and without a trailing {@code .0}; Java's default would print {@code 0.0} for a
     * zero cpu or cache hit rate.
     */
    private static final class GoFloatSerializer extends StdSerializer<Double> {
        GoFloatSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double d = value;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                // Go refuses to encode these; zero keeps the document valid.
                gen.writeNumber(0);
            } else if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                gen.writeNumber((long) d);
            } else if (Math.abs(d) < 1e-3 || Math.abs(d) >= 1e7) {
                // Java switches to exponent form where Go does not.
                gen.writeNumber(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
            } else {
                gen.writeNumber(d);
            }
        }
    }
}
