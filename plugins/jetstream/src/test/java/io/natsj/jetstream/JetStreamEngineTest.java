package io.natsj.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.PluginException;
import io.natsj.spi.service.Service;
import io.natsj.spi.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine against a fake kernel and a store whose durability the test controls. */
class JetStreamEngineTest {

    private final FakeServer server = new FakeServer();
    private Service service;

    @AfterEach
    void stop() {
        HeldStoreProvider.hold = false;
        HeldStoreProvider.release();
        if (service != null) {
            service.close();
        }
    }

    private Service start(Path dir) {
        return server.start("store_dir: \"" + dir + "\"");
    }

    private Map<?, ?> api(String subject, String body) throws Exception {
        BlockingQueue<ServiceMessage> inbox = server.global.inbox("_INBOX.api." + subject);
        server.global.deliver(subject, "_INBOX.api." + subject, null, body.getBytes(StandardCharsets.UTF_8));
        ServiceMessage reply = FakeServer.poll(inbox);
        assertNotNull(reply, "no reply to " + subject);
        return FakeServer.json(reply);
    }

    @Test
    void pubAckLeavesOnlyOnceTheStoreSaysDurable() throws Exception {
        service = start(Files.createTempDirectory("js-unit"));
        api("$JS.API.STREAM.CREATE.F", "{\"name\":\"F\",\"subjects\":[\"f\"]}");
        BlockingQueue<ServiceMessage> acks = server.global.inbox("acks");
        HeldStoreProvider.hold = true;
        server.global.deliver("f", "acks", null, "one".getBytes());
        // The message is stored (readable) before it is durable; no ack may leave until then.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (HeldStoreProvider.heldCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, HeldStoreProvider.heldCount());
        assertNull(acks.poll(200, TimeUnit.MILLISECONDS));
        HeldStoreProvider.release();
        ServiceMessage ack = FakeServer.poll(acks);
        assertEquals("{\"stream\":\"F\", \"seq\":1}", new String(ack.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void fileStreamsComeBackAfterRestart() throws Exception {
        Path dir = Files.createTempDirectory("js-unit");
        service = start(dir);
        api("$JS.API.STREAM.CREATE.K", "{\"name\":\"K\",\"subjects\":[\"k.>\"],\"max_msgs\":10}");
        api("$JS.API.STREAM.CREATE.MEM", "{\"name\":\"MEM\",\"storage\":\"memory\"}");
        BlockingQueue<ServiceMessage> acks = server.global.inbox("acks");
        server.global.deliver("k.1", "acks", null, "x".getBytes());
        assertNotNull(FakeServer.poll(acks));
        assertTrue(Files.isRegularFile(dir.resolve("jetstream/$G/streams/K/meta.inf")));
        service.close();

        service = start(dir);
        Map<?, ?> info = api("$JS.API.STREAM.INFO.K", "");
        assertEquals(10, ((Map<?, ?>) info.get("config")).get("max_msgs"));
        assertEquals(1, ((Map<?, ?>) info.get("state")).get("messages"));
        Map<?, ?> names = api("$JS.API.STREAM.NAMES", "");
        assertEquals(java.util.List.of("K"), names.get("streams"));
    }

    @Test
    void unknownKeysFailNamingThem() {
        PluginException e = assertThrows(PluginException.class, () -> server.start("store_dir: \"/tmp/x\", bogus: 1"));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        PluginException c = assertThrows(PluginException.class, () -> server.start("cipher: aes"));
        assertTrue(c.getMessage().contains("cipher"), c.getMessage());
    }

    @Test
    void settingsReadSizesAndDefaults() {
        JetStreamSettings s = JetStreamSettings.read(com.typesafe.config.ConfigFactory.parseString(
                "max_mem: 1G, max_file_store: \"64K\", domain: hub, sync_interval: \"2m\", store_dir: \"/d\""));
        assertEquals(1L << 30, s.maxMemory());
        assertEquals(64L << 10, s.maxStore());
        assertEquals("hub", s.domain());
        assertEquals(java.time.Duration.ofMinutes(2), s.syncInterval());
        assertEquals(Path.of("/d/jetstream"), s.storeDir());
        JetStreamSettings none = JetStreamSettings.read(com.typesafe.config.ConfigFactory.parseString("enabled: true"));
        assertEquals(Path.of(JetStreamSettings.tempDir(), "nats", "jetstream"), none.storeDir());
        assertTrue(!JetStreamSettings.read(com.typesafe.config.ConfigFactory.parseString("enabled: disabled"))
                .enabled());
    }
}
