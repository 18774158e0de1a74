package io.natsj.tests.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsj.spi.store.StreamStoreProvider;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A server restarted on the same store directory has its file streams back, with their
 * config and messages; memory streams are gone, as in nats-server. natsj needs a file store
 * plugin on the class path for this (io.natsj.store.file).
 */
class RestartEngineTest {

    private static boolean natsjHasFileStore() {
        return ServiceLoader.load(StreamStoreProvider.class).stream()
                .anyMatch(p -> p.get().storageType().equals("file"));
    }

    @AllTargets
    void fileStreamsSurviveARestart(Target target) throws Exception {
        assumeTrue(target != Target.NATSJ || natsjHasFileStore(), "no file store plugin on the class path");
        Path dir = Files.createTempDirectory("js-engine");
        try (ServerUnderTest server = StreamAdminEngineTest.start(target, dir);
             Connection nc = StreamAdminEngineTest.connect(server)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("KEEP").subjects("keep.>").maxMessages(50)
                    .description("kept").build());
            jsm.addStream(StreamConfiguration.builder().name("GONE").subjects("gone")
                    .storageType(StorageType.Memory).build());
            for (int i = 0; i < 3; i++) {
                nc.jetStream().publish("keep." + i, ("m" + i).getBytes());
            }
        }
        try (ServerUnderTest server = StreamAdminEngineTest.start(target, dir);
             Connection nc = StreamAdminEngineTest.connect(server)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            assertEquals(List.of("KEEP"), jsm.getStreamNames());
            StreamInfo info = jsm.getStreamInfo("KEEP");
            assertEquals(50, info.getConfiguration().getMaxMsgs());
            assertEquals("kept", info.getConfiguration().getDescription());
            assertEquals(3, info.getStreamState().getMsgCount());
            assertEquals("m1", new String(jsm.getMessage("KEEP", 2).getData()));
        }
    }
}
