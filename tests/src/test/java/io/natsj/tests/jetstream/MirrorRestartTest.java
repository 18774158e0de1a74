package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.MirrorSourceTest.await;
import static io.natsj.tests.jetstream.MirrorSourceTest.count;
import static io.natsj.tests.jetstream.MirrorSourceTest.lastSeq;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.Mirror;
import io.nats.client.api.Source;
import io.nats.client.api.StreamConfiguration;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirroring server killed ({@code kill -9}) while a mirror and a source are catching up,
 * then started again: the mirror resumes at its last sequence + 1 and the source after the last
 * {@code Nats-Stream-Source} it stored, so both end with every origin message exactly once, in
 * order; natsj and nats-server 2.9.10.
 */
class MirrorRestartTest {

    private static final int HALF = 150;

    @AllTargets
    void aMirrorAndASourceResumeExactlyAfterAKill(Target target, @TempDir Path storeDir) throws Exception {
        try (JetStreamProcess server = JetStreamProcess.start(target, storeDir, 0)) {
            try (JsClient c = JsClient.connect(server)) {
                JetStreamManagement jsm = c.jsm();
                jsm.addStream(StreamConfiguration.builder().name("RO").subjects("ro.>").build());
                jsm.addStream(StreamConfiguration.builder().name("RM").mirror(Mirror.builder().name("RO").build())
                        .build());
                jsm.addStream(StreamConfiguration.builder().name("RS").subjects("rs")
                        .sources(Source.builder().name("RO").build()).build());
                for (int i = 1; i <= HALF; i++) {
                    c.publish("ro." + (i % 7), "m" + i);
                }
            }
            server.kill();
            server.restart(0);
            try (JsClient c = JsClient.connect(server)) {
                JetStreamManagement jsm = c.jsm();
                for (int i = HALF + 1; i <= 2 * HALF; i++) {
                    c.publish("ro." + (i % 7), "m" + i);
                }
                await(() -> lastSeq(jsm, "RM") == 2 * HALF && count(jsm, "RS") >= 2 * HALF,
                        "the mirror and the source caught up");
                assertEquals(2 * HALF, count(jsm, "RM"));
                Set<Long> sourced = new HashSet<>();
                for (long seq = 1; seq <= 2 * HALF; seq++) {
                    MessageInfo o = jsm.getMessage("RO", seq);
                    MessageInfo m = jsm.getMessage("RM", seq);
                    assertEquals(o.getSubject(), m.getSubject());
                    assertEquals("m" + seq, new String(m.getData(), UTF_8));
                    MessageInfo s = jsm.getMessage("RS", seq);
                    String h = s.getHeaders().getFirst("Nats-Stream-Source");
                    long from = Long.parseLong(h.split(" ")[1]);
                    assertEquals(seq, from, "the source keeps the origin's order");
                    assertTrue(sourced.add(from));
                }
                assertEquals(2 * HALF, count(jsm, "RS"), "nothing sourced twice");
            }
        }
    }
}
