package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.Service;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A durable consumer's state is on disk before a double ack's reply leaves, and soon after a plain ack. */
class ConsumerDurabilityTest {

    private final FakeServer server = new FakeServer();
    private Service service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private void api(String subject, String body) throws Exception {
        BlockingQueue<ServiceMessage> inbox = server.global.inbox("_INBOX.api." + subject);
        server.global.deliver(subject, "_INBOX.api." + subject, null, body.getBytes(StandardCharsets.UTF_8));
        assertNotNull(FakeServer.poll(inbox), "no reply to " + subject);
    }

    private static long ackFloor(Path state) throws Exception {
        if (!Files.exists(state)) {
            return -1;
        }
        JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(state));
        return n.get("asflr").asLong();
    }

    @Test
    void doubleAckReplyFollowsTheStateOnDisk() throws Exception {
        Path dir = Files.createTempDirectory("js-consumer");
        service = server.start("store_dir: \"" + dir + "\"");
        api("$JS.API.STREAM.CREATE.D", "{\"name\":\"D\",\"subjects\":[\"d\"],\"storage\":\"memory\"}");
        api("$JS.API.STREAM.CREATE.F", "{\"name\":\"F\",\"subjects\":[\"f\"]}");
        BlockingQueue<ServiceMessage> pubAcks = server.global.inbox("pubacks");
        for (int i = 0; i < 3; i++) {
            server.global.deliver("f", "pubacks", null, ("m" + i).getBytes());
            assertNotNull(FakeServer.poll(pubAcks));
        }
        api("$JS.API.CONSUMER.CREATE.F.C",
                "{\"stream_name\":\"F\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\"}}");
        Path state = dir.resolve("jetstream/$G/streams/F/obs/C/state.json");
        assertTrue(Files.isRegularFile(dir.resolve("jetstream/$G/streams/F/obs/C/meta.json")));
        BlockingQueue<ServiceMessage> pulled = server.global.inbox("pull");
        server.global.deliver("$JS.API.CONSUMER.MSG.NEXT.F.C", "pull", null, "3".getBytes());
        ServiceMessage[] msgs = new ServiceMessage[3];
        for (int i = 0; i < 3; i++) {
            msgs[i] = FakeServer.poll(pulled);
            assertNotNull(msgs[i]);
        }
        // What the ack floor on disk is at the moment the reply is delivered.
        BlockingQueue<Long> seenAtReply = new LinkedBlockingQueue<>();
        InternalConnection watcher = server.global.connect("watcher");
        watcher.subscribe("ackreply", null, m -> {
            try {
                seenAtReply.add(ackFloor(state));
            } catch (Exception e) {
                seenAtReply.add(-2L);
            }
        });
        server.global.deliver(msgs[0].reply(), "ackreply", null, "+ACK".getBytes());
        assertEquals(1L, seenAtReply.poll(5, TimeUnit.SECONDS));
        // A plain ack is written within about a second.
        server.global.deliver(msgs[1].reply(), null, null, new byte[0]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ackFloor(state) != 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(2, ackFloor(state));
        // A memory stream's durable keeps nothing on disk.
        api("$JS.API.CONSUMER.CREATE.D.M",
                "{\"stream_name\":\"D\",\"config\":{\"durable_name\":\"M\",\"ack_policy\":\"explicit\"}}");
        assertTrue(!Files.exists(dir.resolve("jetstream/$G/streams/D/obs")));
    }
}
