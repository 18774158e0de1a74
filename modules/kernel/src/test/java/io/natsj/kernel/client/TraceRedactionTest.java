package io.natsj.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TraceRedactionTest {

    @Test
    void passwordIsRedactedAndTheRestKeptAsWritten() {
        assertEquals("{\"user\":\"bob\",\"pass\":\"[REDACTED]\",\"verbose\":false}",
                TraceRedaction.connect("{\"user\":\"bob\",\"pass\":\"s3cret\",\"verbose\":false}"));
    }

    @Test
    void tokenAndEscapedQuotesAndSpacing() {
        assertEquals("{ \"auth_token\" : \"[REDACTED]\", \"pass\":\"[REDACTED]\",\"name\":\"pass\"}",
                TraceRedaction.connect("{ \"auth_token\" : \"t0k\\\"en\", \"pass\":\"x\\\"y\",\"name\":\"pass\"}"));
    }

    @Test
    void fieldNamesInAnyCaseAsGoReadsThem() {
        assertEquals("{\"Pass\":\"[REDACTED]\"}", TraceRedaction.connect("{\"Pass\":\"secret\"}"));
    }

    @Test
    void nestedOrNonStringValuesAreLeftAlone() {
        assertEquals("{\"x\":{\"pass\":\"v\"},\"pass\":1}", TraceRedaction.connect("{\"x\":{\"pass\":\"v\"},\"pass\":1}"));
    }

    @Test
    void brokenJsonIsCutAtTheFirstSecret() {
        assertEquals("{\"user\":\"bob\",[REDACTED]", TraceRedaction.connect("{\"user\":\"bob\",\"pass\":\"s3c"));
        assertEquals("{not json", TraceRedaction.connect("{not json"));
    }
}
