package io.natsj.tests.jetstream;

import static io.natsj.tests.jetstream.JsClient.assertApiError;
import static io.natsj.tests.jetstream.JsClient.obj;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.Mirror;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.Source;
import io.nats.client.api.SourceInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.Target;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream mirrors and sources on one server, natsj and nats-server 2.9.10: a mirror keeps its
 * origin's sequences, sources from two streams (one filtered) with the {@code Nats-Stream-Source}
 * header, a mirror's start sequence, {@code mirror_direct}, stream info's {@code mirror} and
 * {@code sources} state, and nats-server's errors for refused configurations.
 */
class MirrorSourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    static final JetStreamServers servers = new JetStreamServers();

    @AllTargets
    void aMirrorKeepsTheOriginsSequencesAndFollowsIt(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("MO").subjects("mo.>").storageType(StorageType.File)
                    .build());
            for (int i = 1; i <= 5; i++) {
                c.publish("mo." + i, "m" + i);
            }
            jsm.deleteMessage("MO", 3);
            StreamInfo created = jsm.addStream(StreamConfiguration.builder().name("MM")
                    .mirror(Mirror.builder().name("MO").build()).storageType(StorageType.File).build());
            assertTrue(created.getConfiguration().getSubjects().isEmpty());
            await(() -> lastSeq(jsm, "MM") == 5, "the mirror caught up");
            for (int i = 6; i <= 8; i++) {
                c.publish("mo." + i, "m" + i);
            }
            await(() -> lastSeq(jsm, "MM") == 8, "the mirror follows");
            StreamInfo info = jsm.getStreamInfo("MM");
            assertEquals(7, info.getStreamState().getMsgCount());
            assertEquals(1, info.getStreamState().getFirstSequence());
            MessageInfo m = jsm.getMessage("MM", 6);
            assertEquals("mo.6", m.getSubject());
            assertEquals("m6", new String(m.getData(), UTF_8));
            assertEquals(jsm.getMessage("MO", 6).getTime(), m.getTime(), "the origin's time stamp");
            assertNotNull(info.getMirrorInfo());
            assertEquals("MO", info.getMirrorInfo().getName());
            assertEquals(0, info.getMirrorInfo().getLag());
            assertNull(info.getMirrorInfo().getError());
            // Direct consumers of mirrors are not the origin's consumers.
            assertEquals(0, jsm.getStreamInfo("MO").getStreamState().getConsumerCount());
            assertTrue(jsm.getConsumerNames("MO").isEmpty());
            JsonNode raw = c.api("$JS.API.STREAM.INFO.MM");
            assertEquals(Set.of("name", "lag", "active"), fields(raw.get("mirror")), raw.toString());
            assertFalse(raw.get("config").has("subjects"), raw.toString());
        }
    }

    @AllTargets
    void sourcesFromTwoStreamsOneFiltered(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("SA").subjects("sa.>").build());
            jsm.addStream(StreamConfiguration.builder().name("SB").subjects("sb.>").build());
            for (int i = 1; i <= 4; i++) {
                c.publish("sa." + i, "a" + i);
                c.publish("sb." + (i % 2 == 0 ? "even" : "odd"), "b" + i);
            }
            jsm.addStream(StreamConfiguration.builder().name("SAGG").subjects("sagg")
                    .sources(Source.builder().name("SA").build(),
                            Source.builder().name("SB").filterSubject("sb.even").build())
                    .build());
            await(() -> count(jsm, "SAGG") == 6, "both sources arrived");
            c.publish("sagg", "own");
            c.publish("sb.even", "b5");
            await(() -> count(jsm, "SAGG") == 8, "sources follow");
            Map<String, Long> bySource = new java.util.HashMap<>();
            for (long seq = 1; seq <= 8; seq++) {
                MessageInfo m = jsm.getMessage("SAGG", seq);
                String h = m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Stream-Source");
                if (m.getSubject().equals("sagg")) {
                    assertNull(h);
                    continue;
                }
                assertNotNull(h, "source header of " + seq);
                String[] f = h.split(" ");
                bySource.merge(f[0], 1L, Long::sum);
                assertFalse(m.getSubject().equals("sb.odd"), "the filter holds");
            }
            assertEquals(Map.of("SA", 4L, "SB", 3L), bySource);
            StreamInfo info = jsm.getStreamInfo("SAGG");
            List<SourceInfo> sources = info.getSourceInfos();
            assertEquals(2, sources.size());
            assertEquals(Set.of("SA", "SB"), Set.of(sources.get(0).getName(), sources.get(1).getName()));
            for (SourceInfo s : sources) {
                assertEquals(0, s.getLag());
            }
        }
    }

    @AllTargets
    void aMirrorsStartSequence(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("SSO").subjects("sso").build());
            for (int i = 1; i <= 6; i++) {
                c.publish("sso", "m" + i);
            }
            jsm.addStream(StreamConfiguration.builder().name("SSM")
                    .mirror(Mirror.builder().name("SSO").startSeq(4).build()).build());
            await(() -> lastSeq(jsm, "SSM") == 6, "the mirror caught up");
            StreamInfo info = jsm.getStreamInfo("SSM");
            assertEquals(3, info.getStreamState().getMsgCount());
            assertEquals(4, info.getStreamState().getFirstSequence());
        }
    }

    @AllTargets
    void mirrorDirectIsInheritedFromTheOrigin(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("DO").subjects("do").allowDirect(true).build());
            c.publish("do", "x");
            StreamInfo m = jsm.addStream(StreamConfiguration.builder().name("DM")
                    .mirror(Mirror.builder().name("DO").build()).build());
            assertTrue(m.getConfiguration().getMirrorDirect());
            await(() -> lastSeq(jsm, "DM") == 1, "the mirror caught up");
            assertApiError(c.api("$JS.API.STREAM.CREATE.DX", obj("name", "DX", "subjects", List.of("dx"),
                    "mirror_direct", true)), 500, 10052, "stream has no mirror but does have mirror direct");
        }
    }

    @AllTargets
    void refusedConfigurations(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            c.createStream(obj("name", "EO", "subjects", List.of("eo")));
            Map<String, String> mirror = Map.of("name", "EO");
            assertApiError(c.api("$JS.API.STREAM.CREATE.E1", obj("name", "E1", "subjects", List.of("e1"),
                    "mirror", mirror)), 400, 10034, "stream mirrors can not contain subjects");
            assertApiError(c.api("$JS.API.STREAM.CREATE.E2", obj("name", "E2", "mirror", mirror,
                    "sources", List.of(mirror))), 400, 10031, "stream mirrors can not also contain other sources");
            assertApiError(c.api("$JS.API.STREAM.CREATE.E3", obj("name", "E3", "subjects", List.of("e3"),
                    "sources", List.of(Map.of("name", "E3")))), 500, 10052, "detected cycle");
            assertApiError(c.api("$JS.API.STREAM.CREATE.E4", obj("name", "E4", "mirror",
                    Map.of("name", "X", "external", Map.of("api", "$JS.API", "deliver", "")))), 400, 10021,
                    "stream external api prefix $JS.API must not overlap with $JS.API");
            assertApiError(c.api("$JS.API.STREAM.CREATE.E5", obj("name", "E5", "mirror",
                    Map.of("name", "X", "external", Map.of("api", "$JS.x.API", "deliver", "d.*")))), 400, 10024,
                    "stream external delivery prefix d.* must not contain wildcards");
            assertApiError(c.api("$JS.API.STREAM.CREATE.E6", obj("name", "E6", "mirror",
                    Map.of("name", "EO", "filter_subject", "other"))), 500, 10052,
                    "mirror 'EO' filter subject 'other' does not overlap with any origin stream subject");
            c.createStream(obj("name", "EOS", "subjects", List.of("eos"), "max_msg_size", 100));
            assertApiError(c.api("$JS.API.STREAM.CREATE.E7", obj("name", "E7", "max_msg_size", 10, "mirror",
                    Map.of("name", "EOS"))), 400, 10030, "stream mirror must have max message size >= source");
            c.createStream(obj("name", "EM", "mirror", mirror));
            assertApiError(c.api("$JS.API.STREAM.UPDATE.EM", obj("name", "EM", "mirror", Map.of("name", "EO",
                    "opt_start_seq", 2))), 400, 10055, "stream mirror configuration can not be updated");
        }
    }

    @AllTargets
    void aMirrorOfAMissingStreamShowsTheOriginsError(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("NM").mirror(Mirror.builder().name("NOPE").build())
                    .build());
            await(() -> mirrorError(c, "NM") != null, "the create answer's error shows");
            assertEquals(JsClient.json("{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}"),
                    mirrorError(c, "NM"));
            JsonNode mirror = c.api("$JS.API.STREAM.INFO.NM").get("mirror");
            assertEquals("NOPE", mirror.get("name").asText());
        }
    }

    @AllTargets
    void sourcesAddedAndRemovedByAnUpdate(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("UA").subjects("ua").build());
            jsm.addStream(StreamConfiguration.builder().name("UB").subjects("ub").build());
            c.publish("ua", "a1");
            c.publish("ub", "b1");
            StreamConfiguration.Builder agg = StreamConfiguration.builder().name("UAGG").subjects("uagg");
            jsm.addStream(agg.sources(Source.builder().name("UA").build()).build());
            await(() -> count(jsm, "UAGG") == 1, "UA sourced");
            jsm.updateStream(StreamConfiguration.builder().name("UAGG").subjects("uagg")
                    .sources(Source.builder().name("UB").build()).build());
            await(() -> count(jsm, "UAGG") == 2, "UB sourced after the update");
            c.publish("ua", "a2");
            c.publish("ub", "b2");
            await(() -> count(jsm, "UAGG") == 3, "UB follows");
            assertEquals("b2", new String(jsm.getMessage("UAGG", 3).getData(), UTF_8), "UA no longer sourced");
            List<SourceInfo> infos = jsm.getStreamInfo("UAGG").getSourceInfos();
            assertEquals(1, infos.size());
            assertEquals("UB", infos.get(0).getName());
        }
    }

    /**
     * The consumer requests on the wire, as nats-server 2.9.10 sends them: subject, a
     * {@code $JSC.R.<8>} reply, the body field for field (random deliver subjects and names
     * masked).
     */
    @AllTargets
    void theConsumerCreateRequestsAreNatsServers(Target target) throws Exception {
        try (JsClient c = JsClient.connect(servers.get(target).server())) {
            JetStreamManagement jsm = c.jsm();
            jsm.addStream(StreamConfiguration.builder().name("WO").subjects("wo.>").build());
            c.publish("wo.1", "x");
            io.nats.client.Subscription spy = c.connection().subscribe("$JS.API.CONSUMER.CREATE.WO.>");
            io.nats.client.Subscription plain = c.connection().subscribe("$JS.API.CONSUMER.CREATE.WO");
            c.connection().flush(Duration.ofSeconds(2));
            jsm.addStream(StreamConfiguration.builder().name("WM").mirror(Mirror.builder().name("WO").build())
                    .build());
            io.nats.client.Message m = plain.nextMessage(Duration.ofSeconds(5));
            assertNotNull(m, "the mirror's request");
            assertTrue(m.getReplyTo().matches("\\$JSC\\.R\\.[0-9a-zA-Z]{8}"), m.getReplyTo());
            assertEquals("{\"stream_name\":\"WO\",\"config\":{\"deliver_policy\":\"all\",\"ack_policy\":\"none\","
                    + "\"ack_wait\":79200000000000,\"max_deliver\":1,\"replay_policy\":\"instant\","
                    + "\"idle_heartbeat\":1000000000,\"flow_control\":true,\"deliver_subject\":\"$JS.M.*\","
                    + "\"num_replicas\":0,\"direct\":true}}", masked(m));
            jsm.addStream(StreamConfiguration.builder().name("WS").subjects("ws")
                    .sources(Source.builder().name("WO").filterSubject("wo.1").startSeq(1).build()).build());
            io.nats.client.Message f = spy.nextMessage(Duration.ofSeconds(5));
            assertNotNull(f, "the source's request");
            assertTrue(f.getSubject().matches("\\$JS\\.API\\.CONSUMER\\.CREATE\\.WO\\.src-[0-9a-zA-Z]{8}\\.wo\\.1"),
                    f.getSubject());
            assertEquals("{\"stream_name\":\"WO\",\"config\":{\"name\":\"*\",\"deliver_policy\":\"by_start_sequence\","
                    + "\"opt_start_seq\":1,\"ack_policy\":\"none\",\"ack_wait\":79200000000000,\"max_deliver\":1,"
                    + "\"filter_subject\":\"wo.1\",\"replay_policy\":\"instant\",\"idle_heartbeat\":1000000000,"
                    + "\"flow_control\":true,\"deliver_subject\":\"$JS.S.*\",\"num_replicas\":0,\"direct\":true}}",
                    masked(f));
        }
    }

    private static String masked(io.nats.client.Message m) {
        return new String(m.getData(), UTF_8).replaceAll("(\\$JS\\.[MS])\\.[0-9a-zA-Z]{8}", "$1.*")
                .replaceAll("\"name\":\"src-[0-9a-zA-Z]{8}\"", "\"name\":\"*\"");
    }

    /**
     * nats-server 2.10's {@code subject_transforms} of a source, natsj only (2.9.10 has none):
     * the origin's consumer filters on the transform's source and messages are stored under the
     * destination, the header in 2.10's form; 2.10's errors; what natsj does not take is refused.
     */
    @org.junit.jupiter.api.Test
    void aSourcesSubjectTransformNatsjOnly() throws Exception {
        try (JsClient c = JsClient.connect(servers.get(Target.NATSJ).server())) {
            JetStreamManagement jsm = c.jsm();
            c.createStream(obj("name", "TXO", "subjects", List.of("tx.>")));
            c.publish("tx.a", "1");
            c.publish("tx.b.deep", "2");
            c.publish("tx.c", "3");
            Map<String, String> tr = Map.of("src", "tx.*", "dest", "moved.$1");
            JsonNode created = c.createStream(obj("name", "TXS", "subjects", List.of("txs"), "sources",
                    List.of(Map.of("name", "TXO", "subject_transforms", List.of(tr)))));
            assertEquals(JsClient.json("[{\"name\":\"TXO\",\"subject_transforms\":[{\"src\":\"tx.*\","
                    + "\"dest\":\"moved.$1\"}]}]"), created.get("config").get("sources"));
            await(() -> count(jsm, "TXS") == 2, "the transformed source arrived");
            MessageInfo first = jsm.getMessage("TXS", 1);
            assertEquals("moved.a", first.getSubject());
            assertEquals("TXO 1 tx.* moved.$1", first.getHeaders().getFirst("Nats-Stream-Source"));
            assertEquals("moved.c", jsm.getMessage("TXS", 2).getSubject());
            c.publish("tx.d", "4");
            await(() -> count(jsm, "TXS") == 3, "it follows");
            assertEquals("moved.d", jsm.getMessage("TXS", 3).getSubject());

            assertApiError(c.api("$JS.API.STREAM.CREATE.TX1", obj("name", "TX1", "sources", List.of(
                    Map.of("name", "TXO", "filter_subject", "tx.a", "subject_transforms", List.of(tr))))),
                    400, 10144, "source with multiple subject transforms cannot also have a single subject filter");
            assertApiError(c.api("$JS.API.STREAM.CREATE.TX2", obj("name", "TX2", "sources", List.of(
                    Map.of("name", "TXO", "subject_transforms", List.of(Map.of("src", "tx.*", "dest", "m.$2")))))),
                    400, 10146, "source transform destination is invalid");
            assertApiError(c.api("$JS.API.STREAM.CREATE.TX3", obj("name", "TX3", "sources", List.of(
                    Map.of("name", "TXO", "subject_transforms", List.of(tr, Map.of("src", "tx.b.*", "dest", "b"))))))
                    , 500, 10052,
                    "more than one subject transform per source (nats-server 2.10) is not supported by natsj");
            assertApiError(c.api("$JS.API.STREAM.CREATE.TX4", obj("name", "TX4", "mirror",
                    Map.of("name", "TXO", "subject_transforms", List.of(tr)))), 500, 10052,
                    "subject_transforms of mirrors (nats-server 2.10) are not supported by natsj");
        }
    }

    private static JsonNode mirrorError(JsClient c, String stream) {
        try {
            return c.api("$JS.API.STREAM.INFO." + stream).path("mirror").get("error");
        } catch (Exception e) {
            return null;
        }
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    static long lastSeq(JetStreamManagement jsm, String stream) {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        } catch (Exception e) {
            return -1;
        }
    }

    static long count(JetStreamManagement jsm, String stream) {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (Exception e) {
            return -1;
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }
}
