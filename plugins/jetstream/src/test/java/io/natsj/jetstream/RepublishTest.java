package io.natsj.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Republish subject transforms and checks as nats-server 2.9.10's newTransform and checkStreamCfg. */
class RepublishTest {

    private static Republish of(String src, String dest) throws Exception {
        String json = "{\"src\":\"" + src + "\",\"dest\":\"" + dest + "\"}";
        StreamConfig cfg = StreamConfigCheck.check(StreamConfigCheck.parse(
                ("{\"name\":\"S\",\"subjects\":[\"a.>\",\"b.*.*\"],\"republish\":" + json + "}").getBytes(UTF_8)));
        return Republish.of(cfg);
    }

    private static String error(String src, String dest) {
        ApiError.Failure f = assertThrows(ApiError.Failure.class, () -> of(src, dest));
        return f.error.description();
    }

    @Test
    void transforms() throws Exception {
        assertEquals("x.b.c", of("a.>", "x.>").match("a.b.c"));
        assertEquals("x.a.b.c", of(">", "x.>").match("a.b.c"));
        assertEquals("x.2.1", of("b.*.*", "x.$2.{{wildcard(1)}}").match("b.1.2"));
        assertEquals("x.$KV.2.1", of("b.*.*", "x.$KV.$2.$1").match("b.1.2"));
        assertEquals("fixed", of("a.b", "fixed").match("a.b"));
        assertNull(of("a.b.>", "x.>").match("a.c.d"));
    }

    @Test
    void storedFormDefaultsTheSource() throws Exception {
        StreamConfig cfg = StreamConfigCheck.check(StreamConfigCheck.parse(
                "{\"name\":\"S\",\"subjects\":[\"a.>\"],\"republish\":{\"dest\":\"x.>\",\"headers_only\":false}}"
                        .getBytes(UTF_8)));
        assertEquals("{\"src\":\">\",\"dest\":\"x.>\"}", cfg.republish().toString());
    }

    @Test
    void refusals() {
        assertEquals("stream configuration for republish source is not valid subset of subjects", error("c.>", "x.>"));
        assertEquals("stream configuration for republish destination forms a cycle", error("a.>", "a.x.>"));
        assertEquals("stream configuration for republish not valid", error("a.>", "x"));
        assertEquals("stream configuration for republish not valid", error("b.*.*", "x.$1"));
        assertEquals("stream configuration for republish not valid", error("b.*.*", "x.*.*"));
        assertEquals("stream configuration for republish not valid", error("b.*.*", "x.$3.$1.$2"));
        assertEquals("subject mapping function {{partition(3,1)}} in republish is not supported by natsj yet",
                error("b.*.*", "x.{{partition(3,1)}}.$1.$2"));
    }

    @Test
    void headersFollowTheMessagesOwn() throws Exception {
        Republish r = of("a.>", "x.>");
        assertEquals("NATS/1.0\r\nNats-Stream: S\r\nNats-Subject: a.b\r\nNats-Sequence: 5\r\n"
                + "Nats-Last-Sequence: 2\r\n\r\n", new String(r.headers(null, "S", "a.b", 5, 2, 9), UTF_8));
        assertEquals("NATS/1.0\r\nK: v\r\nNats-Stream: S\r\nNats-Subject: a.b\r\nNats-Sequence: 5\r\n"
                + "Nats-Last-Sequence: 0\r\n\r\n",
                new String(r.headers("NATS/1.0\r\nK: v\r\n\r\n".getBytes(UTF_8), "S", "a.b", 5, 0, 9), UTF_8));
    }
}
