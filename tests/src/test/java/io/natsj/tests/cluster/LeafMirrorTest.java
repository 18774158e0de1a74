package io.natsj.tests.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.External;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.Mirror;
import io.nats.client.api.PublishAck;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mirrors and sources across a leaf connection with JetStream domains (hub {@code hub}, leaves
 * {@code leaf}, {@code leaf1}, {@code leaf2}, each with its own store), natsj and nats-server
 * 2.9.10 in every pairing (nats-server with itself too, the reference for the timings that
 * {@code -Dnatsj.measure=true -Dnatsj.measure.messages=N} prints): a leaf's stream mirrored on
 * the hub through {@code domain: leaf}
 * (external api {@code $JS.leaf.API}); the hub killed while the leaf goes on acknowledging
 * publishes, started again on its store, and the mirror catching up exactly (none missed, none
 * twice, same sequences and order); two leaves' streams sourced into one hub stream (one by
 * {@code domain}, one by {@code external} with a deliver prefix), one leaf killed and started
 * again meanwhile, each source exact afterwards.
 */
class LeafMirrorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CATCH_UP = Duration.ofSeconds(Boolean.getBoolean("natsj.measure") ? 600 : 60);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path stores;

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj", "nats-server, nats-server"})
    void aLeafStreamMirroredOnTheHubCatchesUpAfterTheHubWasDown(String hub, String leaf) throws Exception {
        int messages = Integer.getInteger("natsj.measure.messages", 0) > 0
                && Boolean.getBoolean("natsj.measure") ? Integer.getInteger("natsj.measure.messages") : 200;
        ClusterNode h = run.add(hub(hub, "127.0.0.1:-1"));
        int leafPort = h.leafPort();
        ClusterNode l = run.add(leaf(leaf, "leaf", leafPort));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        Connection onLeaf = run.connect(l, null);
        JetStreamManagement leafJsm = onLeaf.jetStreamManagement(options());
        leafJsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>")
                .storageType(StorageType.File).build());
        JetStream leafJs = onLeaf.jetStream(options());
        publish(leafJs, 1, 20);

        JetStreamManagement hubJsm = run.connect(h, null).jetStreamManagement(options());
        hubJsm.addStream(StreamConfiguration.builder().name("ORDERS_M").storageType(StorageType.File)
                .mirror(Mirror.builder().name("ORDERS").domain("leaf").build()).build());
        awaitLastSeq(hubJsm, "ORDERS_M", 20);
        StreamInfo info = hubJsm.getStreamInfo("ORDERS_M");
        assertEquals("$JS.leaf.API", info.getMirrorInfo().getExternal().getApi());

        h.kill();
        run.await(() -> LeafNodeTest.leafCount(l) == 0, () -> "the leaf noticed its hub is gone");
        publish(leafJs, 21, messages);

        long started = System.nanoTime();
        ClusterNode back = run.add(hub(hub, "127.0.0.1:" + leafPort));
        JetStreamManagement backJsm = run.connect(back, null).jetStreamManagement(options());
        long[] moved = {0, 20};
        run.await(CATCH_UP, () -> {
            long last = lastSeq(backJsm, "ORDERS_M");
            if (moved[0] == 0 && last > 20) {
                moved[0] = System.nanoTime();
                moved[1] = last;
            }
            return last == messages;
        }, () -> "ORDERS_M at " + lastSeq(backJsm, "ORDERS_M") + ", wanted " + messages);
        long done = System.nanoTime();
        if (Boolean.getBoolean("natsj.measure")) {
            // From the restart: start-up, leaf reconnect, consumer request; from the first
            // mirrored message seen: the transfer alone (what had arrived by then not counted).
            System.out.printf("MEASURE hub %s leaf %s: %d messages (%d while the hub was down): caught up %.2f s"
                    + " after the hub restart (%.0f msgs/s); transfer from the first mirrored message %.2f s"
                    + " (%.0f msgs/s)%n", hub, leaf, messages, messages - 20, (done - started) / 1e9,
                    (messages - 20) / ((done - started) / 1e9), (done - moved[0]) / 1e9,
                    (messages - moved[1]) / ((done - moved[0]) / 1e9));
        }
        StreamInfo after = backJsm.getStreamInfo("ORDERS_M");
        assertEquals(messages, after.getStreamState().getMsgCount());
        assertEquals(1, after.getStreamState().getFirstSequence());
        int step = Math.max(1, messages / 200);
        for (long seq = 1; seq <= messages; seq += step) {
            MessageInfo m = backJsm.getMessage("ORDERS_M", seq);
            assertEquals("orders." + (seq % 5), m.getSubject());
            assertEquals("o" + seq, new String(m.getData(), UTF_8));
        }
    }

    @ParameterizedTest(name = "hub {0}, leaves {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void twoLeavesSourcedIntoOneHubStream(String hub, String leaves) throws Exception {
        ClusterNode h = run.add(hub(hub, "127.0.0.1:-1"));
        ClusterNode l1 = run.add(leaf(leaves, "leaf1", h.leafPort()));
        ClusterNode l2 = run.add(leaf(leaves, "leaf2", h.leafPort()));
        run.await(() -> LeafNodeTest.leafCount(h) == 2 && LeafNodeTest.leafCount(l1) == 1
                && LeafNodeTest.leafCount(l2) == 1);
        Map<String, Integer> counts = Map.of("leaf1", 12, "leaf2", 17);
        for (ClusterNode l : new ClusterNode[] {l1, l2}) {
            String d = l == l1 ? "leaf1" : "leaf2";
            Connection c = run.connect(l, null);
            c.jetStreamManagement(options()).addStream(StreamConfiguration.builder().name("EVENTS")
                    .subjects("events." + d).storageType(StorageType.File).build());
            JetStream js = c.jetStream(options());
            for (int i = 1; i <= counts.get(d); i++) {
                PublishAck ack = js.publish("events." + d, ("e" + i).getBytes(UTF_8));
                assertEquals(d, ack.getDomain());
            }
        }
        JetStreamManagement hubJsm = run.connect(h, null).jetStreamManagement(options());
        hubJsm.addStream(StreamConfiguration.builder().name("ALL").storageType(StorageType.File)
                .sources(Source.builder().name("EVENTS").domain("leaf1").build(),
                        // The long form, with a deliver prefix: deliveries come on from.leaf2.S.<id>.
                        Source.builder().name("EVENTS").external(External.builder().api("$JS.leaf2.API")
                                .deliver("from.leaf2").build()).build()).build());
        run.await(CATCH_UP, () -> count(hubJsm, "ALL") == 29, () -> "both leaves sourced: " + count(hubJsm, "ALL"));
        Map<String, Integer> seen = new HashMap<>();
        for (long seq = 1; seq <= 29; seq++) {
            MessageInfo m = hubJsm.getMessage("ALL", seq);
            String d = m.getSubject().substring("events.".length());
            int n = seen.merge(d, 1, Integer::sum);
            assertEquals("e" + n, new String(m.getData(), UTF_8), "per leaf in order");
            // nats-server's index name of an external source: <name>:<hash of the api prefix>.
            assertEquals((d.equals("leaf1") ? "EVENTS:KULbcpqa " : "EVENTS:530zaW2T ") + n,
                    m.getHeaders().getFirst("Nats-Stream-Source"));
        }
        assertEquals(counts, seen);
        // One leaf killed and started again on its store: its source resumes after the last
        // message it brought, the other goes on meanwhile.
        l1.kill();
        run.await(() -> LeafNodeTest.leafCount(h) == 1, () -> "the hub noticed leaf1 is gone");
        publishEvents(run.connect(l2, null), "leaf2", 18, 22);
        run.await(CATCH_UP, () -> count(hubJsm, "ALL") == 34, () -> "leaf2 sourced on: " + count(hubJsm, "ALL"));
        ClusterNode l1back = run.add(leaf(leaves, "leaf1", h.leafPort()));
        run.await(() -> LeafNodeTest.leafCount(l1back) == 1);
        publishEvents(run.connect(l1back, null), "leaf1", 13, 16);
        run.await(CATCH_UP, () -> count(hubJsm, "ALL") == 38, () -> "leaf1 sourced again: " + count(hubJsm, "ALL"));
        Map<String, Integer> again = new HashMap<>();
        for (long seq = 1; seq <= 38; seq++) {
            MessageInfo m = hubJsm.getMessage("ALL", seq);
            String d = m.getSubject().substring("events.".length());
            int n = again.merge(d, 1, Integer::sum);
            assertEquals("e" + n, new String(m.getData(), UTF_8), "per leaf in order, none twice");
        }
        assertEquals(Map.of("leaf1", 16, "leaf2", 22), again);
        var infos = hubJsm.getStreamInfo("ALL").getSourceInfos();
        assertEquals(2, infos.size());
        // nats-server lists its sources in map order: look each up by its api prefix.
        assertEquals(java.util.Set.of("$JS.leaf1.API ", "$JS.leaf2.API from.leaf2"),
                java.util.Set.of(external(infos.get(0)), external(infos.get(1))));
    }

    /**
     * A client on the hub consumes a leaf's stream through the domain: pull requests and a push
     * consumer's deliver subject are answered across the leaf connection, each message presented
     * under its own subject ({@code <reply>@<subject>} on the wire).
     */
    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void consumersOfALeafStreamFromTheHub(String hub, String leaf) throws Exception {
        ClusterNode h = run.add(hub(hub, "127.0.0.1:-1"));
        ClusterNode l = run.add(leaf(leaf, "leaf", h.leafPort()));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        Connection onLeaf = run.connect(l, null);
        onLeaf.jetStreamManagement(options()).addStream(StreamConfiguration.builder().name("WORK")
                .subjects("work.>").storageType(StorageType.File).build());
        JetStream leafJs = onLeaf.jetStream(options());
        for (int i = 1; i <= 6; i++) {
            leafJs.publish("work." + i, ("w" + i).getBytes(UTF_8));
        }
        JetStreamOptions viaDomain = JetStreamOptions.builder().domain("leaf").requestTimeout(TIMEOUT).build();
        Connection onHub = run.connect(h, null);
        JetStream js = onHub.jetStream(viaDomain);
        io.nats.client.JetStreamSubscription pull = js.subscribe("work.>", io.nats.client.PullSubscribeOptions.builder()
                .durable("P").build());
        List<io.nats.client.Message> got = pull.fetch(6, Duration.ofSeconds(5));
        assertEquals(6, got.size());
        for (int i = 0; i < 6; i++) {
            assertEquals("work." + (i + 1), got.get(i).getSubject());
            assertEquals("w" + (i + 1), new String(got.get(i).getData(), UTF_8));
            got.get(i).ackSync(TIMEOUT);
        }
        io.nats.client.JetStreamSubscription push = js.subscribe("work.>", io.nats.client.PushSubscribeOptions
                .builder().configuration(io.nats.client.api.ConsumerConfiguration.builder()
                        .deliverSubject("hub.push").build()).build());
        for (int i = 1; i <= 6; i++) {
            io.nats.client.Message m = push.nextMessage(Duration.ofSeconds(5));
            assertNotNull(m, "push message " + i);
            assertEquals("work." + i, m.getSubject());
            m.ack();
        }
    }

    /**
     * A push consumer's flow control request crossing the leaf connection reaches the hub's
     * subscriber under its plain {@code $JS.FC...} reply, as nats-server sends it (only a
     * presented subject other than the deliver subject travels after an {@code @}, and
     * nats-server takes {@code @} apart only in {@code $JS.ACK} replies): answering it there lets
     * the consumer go on past its window. A mirror behind the hub answers it the same way; with
     * {@code <fc>@<subject>} the answer went nowhere and each window waited for a heartbeat.
     */
    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj", "nats-server, nats-server"})
    void flowControlAcrossTheLeafConnectionIsAnsweredOnItsOwnSubject(String hub, String leaf) throws Exception {
        ClusterNode h = run.add(hub(hub, "127.0.0.1:-1"));
        ClusterNode l = run.add(leaf(leaf, "leaf", h.leafPort()));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        Connection onLeaf = run.connect(l, null);
        onLeaf.jetStreamManagement(options()).addStream(StreamConfiguration.builder().name("BIG")
                .subjects("big").storageType(StorageType.Memory).build());
        JetStream leafJs = onLeaf.jetStream(options());
        byte[] chunk = new byte[100 * 1024];
        int count = 30; // 3 MiB: past the first window (2 MiB), so the consumer waits for the answer
        for (int i = 0; i < count; i++) {
            leafJs.publish("big", chunk);
        }
        Connection onHub = run.connect(h, null);
        io.nats.client.Subscription sub = onHub.subscribe("hub.fc");
        onHub.flush(TIMEOUT);
        JetStreamManagement viaDomain = onHub.jetStreamManagement(JetStreamOptions.builder().domain("leaf")
                .requestTimeout(TIMEOUT).build());
        // A heartbeat far off: only the answer to the request can let the consumer go on.
        viaDomain.addOrUpdateConsumer("BIG", io.nats.client.api.ConsumerConfiguration.builder()
                .deliverSubject("hub.fc").flowControl(Duration.ofSeconds(30)).build());
        int data = 0;
        int answered = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (data < count && System.nanoTime() < deadline) {
            io.nats.client.Message m = sub.nextMessage(Duration.ofSeconds(1));
            if (m == null) {
                continue;
            }
            if (m.isStatusMessage()) {
                assertEquals("FlowControl Request", m.getStatus().getMessage());
                assertTrue(m.getReplyTo().matches("\\$JS\\.FC\\.BIG\\.[^.@]+\\.[^.@]+"), m.getReplyTo());
                onHub.publish(m.getReplyTo(), null);
                answered++;
            } else {
                assertEquals("big", m.getSubject());
                data++;
            }
        }
        assertEquals(count, data, "every message once its flow control was answered");
        assertTrue(answered >= 1, "a flow control request came");
    }

    private static void publishEvents(Connection c, String domain, int from, int to) throws Exception {
        JetStream js = c.jetStream(options());
        for (int i = from; i <= to; i++) {
            PublishAck ack = js.publish("events." + domain, ("e" + i).getBytes(UTF_8));
            assertEquals(i, ack.getSeqno());
        }
    }

    private static String external(io.nats.client.api.SourceInfo s) {
        String deliver = s.getExternal().getDeliver();
        return s.getExternal().getApi() + " " + (deliver == null ? "" : deliver);
    }

    private void publish(JetStream js, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            PublishAck ack = js.publish("orders." + (i % 5), ("o" + i).getBytes(UTF_8));
            assertEquals(i, ack.getSeqno());
        }
    }

    private void awaitLastSeq(JetStreamManagement jsm, String stream, long seq) {
        run.await(CATCH_UP, () -> lastSeq(jsm, stream) == seq, () -> stream + " at " + lastSeq(jsm, stream)
                + ", wanted " + seq);
    }

    private static long lastSeq(JetStreamManagement jsm, String stream) {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long count(JetStreamManagement jsm, String stream) {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (Exception e) {
            return -1;
        }
    }

    private static JetStreamOptions options() {
        return JetStreamOptions.builder().requestTimeout(TIMEOUT).build();
    }

    private ClusterNode hub(String kind, String leafListen) {
        return ClusterNode.standalone(kind, "HUB", jetStream("hub") + "leafnodes { listen: \"" + leafListen + "\" }\n");
    }

    private ClusterNode leaf(String kind, String domain, int hubLeafPort) {
        return ClusterNode.standalone(kind, domain.toUpperCase(), jetStream(domain)
                + "leafnodes { reconnect: 1, remotes: [ { url: \"nats-leaf://127.0.0.1:" + hubLeafPort + "\" } ] }\n");
    }

    private String jetStream(String domain) {
        return "jetstream { store_dir: \"" + stores.resolve(domain) + "\", domain: " + domain + " }\n";
    }
}
