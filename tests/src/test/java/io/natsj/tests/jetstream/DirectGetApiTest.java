package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Message;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code $JS.API.DIRECT.GET}: answers are the stored message with Nats-* headers, or a status. */
class DirectGetApiTest {

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    private static JsClient directStream(Target target, String name) throws Exception {
        JsClient c = JsClient.connect(servers.get(target).server());
        String prefix = name.toLowerCase();
        var created = c.createStream(obj("name", name, "subjects", List.of(prefix + ".>"),
                "allow_direct", true, "storage", "memory"));
        assertTrue(created.get("config").get("allow_direct").asBoolean(), created.toString());
        for (int i = 1; i <= 5; i++) {
            c.publish(prefix + "." + (i % 2), "m" + i);
        }
        return c;
    }

    @AllTargets
    void bySequence(Target target) throws Exception {
        try (JsClient c = directStream(target, "DSEQ")) {
            assertStored(c.request("$JS.API.DIRECT.GET.DSEQ", null, obj("seq", 2)), "DSEQ", "dseq.0", 2, "m2");
        }
    }

    @AllTargets
    void lastBySubject(Target target) throws Exception {
        try (JsClient c = directStream(target, "DLAST")) {
            assertStored(c.request("$JS.API.DIRECT.GET.DLAST", null, obj("last_by_subj", "dlast.1")),
                    "DLAST", "dlast.1", 5, "m5");
        }
    }

    @AllTargets
    void nextBySubjectFromSequence(Target target) throws Exception {
        try (JsClient c = directStream(target, "DNEXT")) {
            assertStored(c.request("$JS.API.DIRECT.GET.DNEXT", null, obj("next_by_subj", "dnext.0", "seq", 3)),
                    "DNEXT", "dnext.0", 4, "m4");
        }
    }

    @AllTargets
    void subjectSuffixFormIsLastBySubject(Target target) throws Exception {
        try (JsClient c = directStream(target, "DSUFFIX")) {
            assertStored(c.request("$JS.API.DIRECT.GET.DSUFFIX.dsuffix.0", null, ""), "DSUFFIX", "dsuffix.0", 4, "m4");
        }
    }

    @AllTargets
    void statusesForMissingAndMalformed(Target target) throws Exception {
        try (JsClient c = directStream(target, "DSTATUS")) {
            assertStatus(c.request("$JS.API.DIRECT.GET.DSTATUS", null, obj("seq", 99)), 404, "Message Not Found");
            assertStatus(c.request("$JS.API.DIRECT.GET.DSTATUS.nope", null, ""), 404, "Message Not Found");
            assertStatus(c.request("$JS.API.DIRECT.GET.DSTATUS", null, "{bad"), 408, "Malformed Request");
            assertStatus(c.request("$JS.API.DIRECT.GET.DSTATUS", null, ""), 408, "Empty Request");
        }
    }

    @AllTargets
    void jnatsDirectGet(Target target) throws Exception {
        try (JsClient c = directStream(target, "DJNATS")) {
            var info = c.jsm().getStreamInfo("DJNATS");
            assertTrue(info.getConfiguration().getAllowDirect());
            assertEquals("m3", new String(c.jsm().getMessage("DJNATS", 3).getData(), UTF_8));
            assertEquals(5, c.jsm().getLastMessage("DJNATS", "djnats.1").getSeq());
        }
    }

    private static void assertStored(Message reply, String stream, String subject, long seq, String data) {
        assertTrue(reply.hasHeaders(), "no headers");
        assertEquals(List.of(stream), reply.getHeaders().get("Nats-Stream"));
        assertEquals(List.of(subject), reply.getHeaders().get("Nats-Subject"));
        assertEquals(List.of(Long.toString(seq)), reply.getHeaders().get("Nats-Sequence"));
        Instant stamp = Instant.parse(reply.getHeaders().getFirst("Nats-Time-Stamp"));
        assertTrue(stamp.isAfter(Instant.now().minusSeconds(60)), stamp.toString());
        assertEquals(4, reply.getHeaders().size(), reply.getHeaders().keySet().toString());
        assertEquals(data, new String(reply.getData(), UTF_8));
        assertTrue(!reply.isStatusMessage(), "status instead of message");
    }

    private static void assertStatus(Message reply, int code, String text) {
        assertTrue(reply.isStatusMessage(), "expected status " + code);
        assertEquals(code, reply.getStatus().getCode());
        assertEquals(text, reply.getStatus().getMessage());
        assertEquals(0, reply.getData() == null ? 0 : reply.getData().length);
    }
}
