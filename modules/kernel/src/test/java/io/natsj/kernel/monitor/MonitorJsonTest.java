package io.natsj.kernel.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON layout matches Go's json.MarshalIndent(v, "", "  "). */
class MonitorJsonTest {

    @Test
    void indentedAsGoMarshalIndent() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("empty", Map.of());
        doc.put("none", List.of());
        doc.put("list", List.of("a", "b"));
        doc.put("zero", 0.0);
        doc.put("ratio", 0.7142857142857143);
        doc.put("small", 0.0001);
        doc.put("skipped", null);
        String expected = """
                {
                  "empty": {},
                  "none": [],
                  "list": [
                    "a",
                    "b"
                  ],
                  "zero": 0,
                  "ratio": 0.7142857142857143,
                  "small": 0.0001
                }""";
        assertEquals(expected, new String(MonitorJson.indented(doc), StandardCharsets.UTF_8));
    }

    @Test
    void compactForHealth() {
        assertEquals("{\"status\":\"ok\"}",
                new String(MonitorJson.compact(new HealthzEndpoint.HealthStatus("ok", null)), StandardCharsets.UTF_8));
    }
}
