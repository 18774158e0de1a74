package io.natsj.kernel.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.kernel.account.ServiceLatency;
import io.natsj.kernel.client.InboundMessage;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** nats-server 2.9.10's {@code shouldSample}, case by case. */
class TraceSamplingTest {

    private static final ServiceLatency HEADERS = new ServiceLatency(ServiceLatency.HEADERS, "lat");

    private static InboundMessage message(String headers) {
        byte[] subject = "svc".getBytes(StandardCharsets.US_ASCII);
        byte[] h = headers == null ? new byte[0]
                : ("NATS/1.0\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[subject.length + h.length];
        System.arraycopy(subject, 0, all, 0, subject.length);
        System.arraycopy(h, 0, all, subject.length, h.length);
        InboundMessage m = new InboundMessage();
        m.set(Unpooled.wrappedBuffer(all), 0, subject.length, subject.length, 0, headers == null ? -1 : h.length,
                subject.length, h.length);
        return m;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Uber-Trace-Id: 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:1 | true
            uber-trace-id: 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:3 | true
            Uber-Trace-Id: 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:0 | false
            Uber-Trace-Id: 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:05 | true
            Uber-Trace-Id: 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:10 | false
            Uber-Trace-Id: 479fefe9525eddb:5adb976bfc1f95c1 | false
            X-B3-Sampled: 1 | true
            X-B3-Sampled: 0\\r\\nX-B3-TraceId: 80f198ee56343ba864fe8b2a57d3eff7 | false
            X-B3-TraceId: 80f198ee56343ba864fe8b2a57d3eff7 | true
            B3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90 | true
            B3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0 | false
            B3: 0 | false
            B3: 1 | true
            traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | true
            traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00 | false
            Other: x | false
            """)
    void headersDecide(String header, boolean sampled) {
        assertEquals(sampled, TraceSampling.decide(HEADERS, message(header.replace("\\r\\n", "\r\n"))).sampled(),
                header);
    }

    @Test
    void withoutHeadersOnlyThePercentageSamples() {
        assertFalse(TraceSampling.decide(HEADERS, message(null)).sampled());
        assertTrue(TraceSampling.decide(new ServiceLatency(100, "lat"), message(null)).sampled());
        assertNull(TraceSampling.decide(new ServiceLatency(100, "lat"), message(null)).header());
    }

    @Test
    void aPercentageBelow100StillHonoursTracingHeaders() {
        var d = TraceSampling.decide(new ServiceLatency(1, "lat"), message("X-B3-Sampled: 1"));
        assertTrue(d.sampled());
    }

    @Test
    void theDecidingHeadersAreReportedUnderGosCanonicalNames() {
        var d = TraceSampling.decide(HEADERS, message(
                "x-b3-traceid: abc\r\nx-b3-spanid: def\r\nx-b3-parentspanid: 123\r\nunrelated: 1"));
        assertEquals(Map.of("X-B3-Traceid", List.of("abc"), "X-B3-Spanid", List.of("def"),
                "X-B3-Parentspanid", List.of("123")), d.header());
        var u = TraceSampling.decide(HEADERS, message("Uber-Trace-Id: a:b:c:1\r\nuberctx-user: x"));
        assertEquals(Map.of("Uber-Trace-Id", List.of("a:b:c:1"), "Uberctx-User", List.of("x")), u.header());
        var w = TraceSampling.decide(HEADERS, message("traceparent: 00-a-b-01\r\ntracestate: k=v"));
        assertEquals(Map.of("Traceparent", List.of("00-a-b-01"), "Tracestate", List.of("k=v")), w.header());
    }

    @Test
    void halfSamplingMeasuresAboutHalf() {
        ServiceLatency half = new ServiceLatency(50, "lat");
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            if (TraceSampling.decide(half, message(null)).sampled()) {
                sampled++;
            }
        }
        // nats-server's rand.Int31n(100) <= 50: 51 in 100.
        assertTrue(sampled > 4_700 && sampled < 5_500, "sampled " + sampled);
    }
}
