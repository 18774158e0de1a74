package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Publishing into streams: acknowledgements, expectations, limits, the age timer, advisories. */
class PublishEngineTest {

    private static ServerUnderTest start(Target target) throws Exception {
        return StreamAdminEngineTest.start(target, Files.createTempDirectory("js-engine"));
    }

    @AllTargets
    void asyncPublishesAreAcknowledgedInOrder(Target target) throws Exception {
        try (ServerUnderTest server = start(target); Connection nc = StreamAdminEngineTest.connect(server)) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("O").subjects("o")
                    .storageType(StorageType.Memory).build());
            JetStream js = nc.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                acks.add(js.publishAsync("o", new byte[16]));
            }
            for (int i = 0; i < acks.size(); i++) {
                assertEquals(i + 1, acks.get(i).get().getSeqno());
            }
        }
    }

    @AllTargets
    void expectationsAndRollups(Target target) throws Exception {
        try (ServerUnderTest server = start(target); Connection nc = StreamAdminEngineTest.connect(server)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("E").subjects("e.>").storageType(StorageType.Memory)
                    .allowRollup(true).maxMessagesPerSubject(2).build());
            JetStream js = nc.jetStream();
            js.publish("e.a", "1".getBytes());
            JetStreamApiException wrong = assertThrows(JetStreamApiException.class,
                    () -> js.publish("e.a", new Headers().add("Nats-Expected-Last-Sequence", "5"), "2".getBytes()));
            assertEquals(10071, wrong.getApiErrorCode());
            JetStreamApiException stream = assertThrows(JetStreamApiException.class,
                    () -> js.publish("e.a", new Headers().add("Nats-Expected-Stream", "X"), "2".getBytes()));
            assertEquals(10060, stream.getApiErrorCode());
            js.publish("e.a", new Headers().add("Nats-Expected-Last-Subject-Sequence", "1"), "2".getBytes());
            js.publish("e.a", "3".getBytes());
            js.publish("e.b", "4".getBytes());
            assertEquals(3, jsm.getStreamInfo("E").getStreamState().getMsgCount());
            js.publish("e.c", new Headers().add("Nats-Rollup", "all"), "5".getBytes());
            assertEquals(1, jsm.getStreamInfo("E").getStreamState().getMsgCount());
        }
    }

    @AllTargets
    void maxAgeExpiresOnATimer(Target target) throws Exception {
        try (ServerUnderTest server = start(target); Connection nc = StreamAdminEngineTest.connect(server)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("A").subjects("age").storageType(StorageType.Memory)
                    .maxAge(Duration.ofMillis(300)).build());
            nc.jetStream().publish("age", "x".getBytes());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (jsm.getStreamInfo("A").getStreamState().getMsgCount() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(0, jsm.getStreamInfo("A").getStreamState().getMsgCount());
            assertEquals(1, jsm.getStreamInfo("A").getStreamState().getLastSequence());
        }
    }

    @AllTargets
    void advisoriesAndAudit(Target target) throws Exception {
        try (ServerUnderTest server = start(target); Connection nc = StreamAdminEngineTest.connect(server)) {
            Subscription created = nc.subscribe("$JS.EVENT.ADVISORY.STREAM.CREATED.ADV");
            Subscription audit = nc.subscribe("$JS.EVENT.ADVISORY.API");
            Subscription deleted = nc.subscribe("$JS.EVENT.ADVISORY.STREAM.DELETED.ADV");
            nc.flush(Duration.ofSeconds(2));
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ADV").storageType(StorageType.Memory).build());
            Message c = created.nextMessage(Duration.ofSeconds(3));
            assertNotNull(c);
            String body = new String(c.getData());
            assertTrue(body.contains("\"type\":\"io.nats.jetstream.advisory.v1.stream_action\""), body);
            assertTrue(body.contains("\"action\":\"create\""), body);
            Message a = audit.nextMessage(Duration.ofSeconds(3));
            assertNotNull(a);
            assertTrue(new String(a.getData()).contains("\"subject\":\"$JS.API.STREAM.CREATE.ADV\""));
            jsm.deleteStream("ADV");
            assertNotNull(deleted.nextMessage(Duration.ofSeconds(3)));
        }
    }

    @AllTargets
    void accountsDecideWhoHasJetStream(Target target) throws Exception {
        String config = "jetstream { store_dir: \"" + Files.createTempDirectory("js-engine") + "\" }\n"
                + "accounts { A { jetstream: { max_streams: 1 }, users: [ {user: a, password: a} ] }\n"
                + "  B { users: [ {user: b, password: b} ] } }";
        try (ServerUnderTest server = target.start(config);
             Connection a = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
                     .server(server.clientUrl()).userInfo("a", "a").noReconnect().build());
             Connection b = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
                     .server(server.clientUrl()).userInfo("b", "b").noReconnect().build())) {
            JetStreamManagement jsm = a.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ONE").storageType(StorageType.Memory).build());
            JetStreamApiException max = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("TWO").storageType(StorageType.Memory).build()));
            assertEquals(10027, max.getApiErrorCode());
            JetStreamApiException off = assertThrows(JetStreamApiException.class,
                    () -> b.jetStreamManagement().getAccountStatistics());
            assertEquals(10039, off.getApiErrorCode());
        }
    }

    /** nats-server's checkBytesLimits: max_bytes (1 when unset) beside what the account's other streams reserve. */
    @AllTargets
    void streamsReserveTheirMaxBytesFromTheAccount(Target target) throws Exception {
        String config = "jetstream { store_dir: \"" + Files.createTempDirectory("js-engine") + "\" }\n"
                + "accounts { A { jetstream: { max_mem: 1000000, max_file: 0 }, users: [ {user: a, password: a} ] } }";
        try (ServerUnderTest server = target.start(config);
             Connection a = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
                     .server(server.clientUrl()).userInfo("a", "a").noReconnect().build())) {
            JetStreamManagement jsm = a.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("M1").storageType(StorageType.Memory)
                    .maxBytes(600_000).build());
            JetStreamApiException reserved = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("M2").storageType(StorageType.Memory).maxBytes(600_000).build()));
            assertEquals(10028, reserved.getApiErrorCode());
            jsm.addStream(StreamConfiguration.builder().name("M3").storageType(StorageType.Memory).build());
            JetStreamApiException noStore = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("F1").storageType(StorageType.File).build()));
            assertEquals(10047, noStore.getApiErrorCode());
        }
    }
}
