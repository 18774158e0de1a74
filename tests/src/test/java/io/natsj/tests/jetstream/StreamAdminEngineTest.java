package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PurgeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Stream management through jnats, against natsj and nats-server alike. */
class StreamAdminEngineTest {

    static ServerUnderTest start(Target target, Path dir) {
        return target.start("jetstream { store_dir: \"" + dir + "\" }");
    }

    static Connection connect(ServerUnderTest server) throws Exception {
        return Nats.connect(new Options.Builder().server(server.clientUrl())
                .connectionTimeout(Duration.ofSeconds(3)).noReconnect().build());
    }

    private static StreamConfiguration.Builder memory(String name, String... subjects) {
        return StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.Memory);
    }

    @AllTargets
    void createInfoListNamesDelete(Target target) throws Exception {
        Path dir = Files.createTempDirectory("js-engine");
        try (ServerUnderTest server = start(target, dir); Connection nc = connect(server)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StreamInfo created = jsm.addStream(memory("ORDERS", "orders.>").build());
            assertEquals("ORDERS", created.getConfiguration().getName());
            assertEquals(Duration.ofMinutes(2), created.getConfiguration().getDuplicateWindow());
            assertEquals(0, created.getStreamState().getMsgCount());
            jsm.addStream(memory("OTHER", "other").build());
            assertEquals(List.of("ORDERS", "OTHER"), jsm.getStreamNames());
            assertEquals(List.of("ORDERS"), jsm.getStreamNames("orders.new"));
            assertEquals(2, jsm.getStreams().size());

            JetStreamApiException overlap = assertThrows(JetStreamApiException.class,
                    () -> jsm.addStream(memory("CLASH", "orders.x").build()));
            assertEquals(10065, overlap.getApiErrorCode());
            JetStreamApiException replicas = assertThrows(JetStreamApiException.class,
                    () -> jsm.addStream(memory("R3", "r3").replicas(3).build()));
            assertEquals(10074, replicas.getApiErrorCode());
            JetStreamApiException differs = assertThrows(JetStreamApiException.class,
                    () -> jsm.addStream(memory("OTHER", "other").maxMessages(5).build()));
            assertEquals(10058, differs.getApiErrorCode());

            assertTrue(jsm.deleteStream("OTHER"));
            JetStreamApiException missing = assertThrows(JetStreamApiException.class,
                    () -> jsm.getStreamInfo("OTHER"));
            assertEquals(10059, missing.getApiErrorCode());
            assertEquals(1, jsm.getAccountStatistics().getStreams());
        }
    }

    @AllTargets
    void publishGetPurgeDelete(Target target) throws Exception {
        Path dir = Files.createTempDirectory("js-engine");
        try (ServerUnderTest server = start(target, dir); Connection nc = connect(server)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(memory("S", "s.>").allowDirect(true).build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, js.publish("s." + (i % 2 == 0 ? "even" : "odd"), ("m" + i).getBytes()).getSeqno());
            }
            Headers h = new Headers().add("Nats-Msg-Id", "one");
            assertFalse(js.publish("s.id", h, "x".getBytes()).isDuplicate());
            var dup = js.publish("s.id", h, "x".getBytes());
            assertTrue(dup.isDuplicate());
            assertEquals(6, dup.getSeqno());

            assertEquals("m3", new String(jsm.getMessage("S", 3).getData(), StandardCharsets.UTF_8));
            assertEquals(4, jsm.getLastMessage("S", "s.even").getSeq());
            assertEquals(2, jsm.getNextMessage("S", 1, "s.even").getSeq());
            JetStreamApiException none = assertThrows(JetStreamApiException.class, () -> jsm.getMessage("S", 99));
            assertEquals(10037, none.getApiErrorCode());

            StreamInfo info = jsm.getStreamInfo("S", StreamInfoOptions.filterSubjects("s.*"));
            assertEquals(6, info.getStreamState().getMsgCount());
            assertEquals(3, info.getStreamState().getSubjectCount());
            assertEquals(3L, info.getStreamState().getSubjectMap().get("s.odd"));

            assertTrue(jsm.deleteMessage("S", 2));
            StreamInfo details = jsm.getStreamInfo("S", StreamInfoOptions.deletedDetails());
            assertEquals(List.of(2L), details.getStreamState().getDeleted());

            Message direct = nc.request("$JS.API.DIRECT.GET.S.s.odd", null, Duration.ofSeconds(2));
            assertEquals("5", direct.getHeaders().getFirst("Nats-Sequence"));
            assertEquals("S", direct.getHeaders().getFirst("Nats-Stream"));
            Message absent = nc.request("$JS.API.DIRECT.GET.S", "{\"seq\":99}".getBytes(), Duration.ofSeconds(2));
            assertEquals(404, absent.getStatus().getCode());

            var purged = jsm.purgeStream("S", PurgeOptions.builder().subject("s.odd").keep(1).build());
            assertEquals(2, purged.getPurged());
            assertEquals(3, jsm.purgeStream("S").getPurged());
            StreamInfo empty = jsm.getStreamInfo("S");
            assertEquals(0, empty.getStreamState().getMsgCount());
            assertEquals(7, empty.getStreamState().getFirstSequence());
            assertEquals(0, empty.getStreamState().getSubjectCount());
        }
    }
}
