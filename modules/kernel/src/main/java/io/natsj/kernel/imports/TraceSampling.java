package io.natsj.kernel.imports;

import io.natsj.kernel.account.ServiceLatency;
import io.natsj.kernel.client.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a request across a tracked service import is measured, as nats-server
 * 2.9.10's {@code shouldSample}: 100% always; a percentage by chance (nats-server's
 * {@code rand.Int31n(100) <= sampling}, so 50 measures 51 requests in 100); otherwise, and for
 * {@code "headers"}, the request's tracing headers decide: Jaeger's {@code Uber-Trace-Id}
 * (sampled flag), Zipkin's {@code X-B3-Sampled}/{@code X-B3-TraceId} and {@code B3}, W3C's
 * {@code Traceparent} (flags {@code 01}). The headers that decided are reported with the
 * result. Only tracked imports come here, so reading headers may allocate.
 */
final class TraceSampling {

    /** The outcome: measured or not, and the headers to report. */
    record Decision(boolean sampled, Map<String, List<String>> header) {
    }

    private static final Decision NO = new Decision(false, null);
    private static final Decision YES = new Decision(true, null);

    private TraceSampling() {
    }

    static Decision decide(ServiceLatency latency, InboundMessage m) {
        int sampling = latency.sampling();
        if (sampling >= 100) {
            return YES;
        }
        if (sampling > 0 && ThreadLocalRandom.current().nextInt(100) <= sampling) {
            return YES;
        }
        Map<String, List<String>> h = headers(m);
        if (h.isEmpty()) {
            return NO;
        }
        List<String> uber = h.get("Uber-Trace-Id");
        if (uber != null) {
            // e.g. 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:1; the last token's low bit samples
            String[] tk = uber.getFirst().split(":", -1);
            if (tk.length == 4 && !tk[3].isEmpty() && tk[3].length() <= 2) {
                // Go decodes "0" and the last digit: its low bit is the sampled flag.
                int flag = Character.digit(tk[3].charAt(tk[3].length() - 1), 16);
                if (flag >= 0 && (flag & 1) == 1) {
                    return new Decision(true, withPrefix(h, "Uber-Trace-Id", uber, "Uberctx-"));
                }
            }
            return NO;
        }
        List<String> sampled = h.get("X-B3-Sampled");
        if (sampled != null && sampled.getFirst().equals("1")) {
            return new Decision(true, b3(h));
        }
        if (sampled != null && sampled.getFirst().equals("0")) {
            return NO;
        }
        if (h.containsKey("X-B3-Traceid")) {
            return new Decision(true, b3(h));
        }
        List<String> b3 = h.get("B3");
        if (b3 != null) {
            String[] tk = b3.getFirst().split("-", -1);
            if ((tk.length > 2 && tk[2].equals("0")) || (tk.length == 1 && tk[0].equals("0"))) {
                return NO;
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            out.put("B3", b3);
            return new Decision(true, out);
        }
        List<String> ctx = h.get("Traceparent");
        if (ctx != null) {
            String[] tk = ctx.getFirst().split("-", -1);
            if (tk.length == 4 && tk[3].equals("01")) {
                Map<String, List<String>> out = new LinkedHashMap<>();
                out.put("Traceparent", ctx);
                if (h.containsKey("Tracestate")) {
                    out.put("Tracestate", h.get("Tracestate"));
                }
                return new Decision(true, out);
            }
        }
        return NO;
    }

    private static Map<String, List<String>> b3(Map<String, List<String>> h) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : new String[] {"X-B3-Sampled", "X-B3-Traceid", "X-B3-Parentspanid", "X-B3-Spanid"}) {
            if (h.containsKey(k)) {
                out.put(k, h.get(k));
            }
        }
        return out;
    }

    private static Map<String, List<String>> withPrefix(Map<String, List<String>> h, String key, List<String> value,
                                                        String prefix) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put(key, value);
        h.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The message's headers under Go's canonical MIME keys ({@code x-b3-traceid} → {@code X-B3-Traceid}). */
    static Map<String, List<String>> headers(InboundMessage m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (m.headerLength() <= 0) {
            return out;
        }
        String block = m.buffer().toString(m.bodyOffset(), m.headerLength(), StandardCharsets.UTF_8);
        String[] lines = block.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = canonical(lines[i].substring(0, colon).strip());
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        return out;
    }

    static String canonical(String key) {
        char[] c = key.toCharArray();
        boolean upper = true;
        for (int i = 0; i < c.length; i++) {
            c[i] = upper ? Character.toUpperCase(c[i]) : Character.toLowerCase(c[i]);
            upper = c[i] == '-';
        }
        return new String(c);
    }
}
