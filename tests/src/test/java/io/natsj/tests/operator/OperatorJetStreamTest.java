package io.natsj.tests.operator;

import static io.natsj.tests.operator.JwtAccounts.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.AccountLimits;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsj.nkeys.NKey;
import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream in operator mode, as the shared {@code js-op.conf} sets it up (operator, system
 * account, {@code jetstream {}} and account JWTs), against both servers: an account has
 * JetStream exactly when its JWT gives JetStream limits, and those limits apply.
 */
class OperatorJetStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @AllTargets
    void accountJwtLimitsEnableAndLimitJetStream(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey limited = accs.account(newAccount(), n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("limits")).put("mem_storage", 1024 * 1024)
                .put("disk_storage", 10 * 1024 * 1024).put("streams", 1).put("consumer", 2));
        NKey plain = accs.account(newAccount(), n -> { });
        String config = accs.config() + "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n";
        try (ServerUnderTest server = target.start(config);
                Connection nc = accs.connect(server, limited);
                Connection other = accs.connect(server, plain)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            AccountLimits limits = jsm.getAccountStatistics().getLimits();
            assertEquals(1024 * 1024, limits.getMaxMemory());
            assertEquals(10 * 1024 * 1024, limits.getMaxStorage());
            assertEquals(1, limits.getMaxStreams());
            assertEquals(2, limits.getMaxConsumers());

            jsm.addStream(StreamConfiguration.builder().name("ONE").subjects("one").storageType(StorageType.Memory)
                    .build());
            JetStreamApiException tooMany = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("TWO").subjects("two").storageType(StorageType.Memory).build()));
            assertEquals(10027, tooMany.getApiErrorCode());
            assertEquals("maximum number of streams reached", tooMany.getErrorDescription());

            jsm.deleteStream("ONE");
            JetStreamApiException tooBig = assertThrows(JetStreamApiException.class, () -> jsm.addStream(
                    StreamConfiguration.builder().name("BIG").subjects("big").storageType(StorageType.Memory)
                            .maxBytes(2 * 1024 * 1024).build()));
            assertEquals(10028, tooBig.getApiErrorCode(), tooBig.getMessage());

            JetStreamApiException off = assertThrows(JetStreamApiException.class,
                    () -> other.jetStreamManagement().getAccountStatistics());
            assertEquals(10039, off.getApiErrorCode());
        }
    }

    @AllTargets
    void anAccountUpdateEnablesJetStreamLive(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> { });
        String config = accs.config() + "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n";
        try (ServerUnderTest server = target.start(config);
                Connection sys = accs.connect(server, accs.op.system);
                Connection nc = accs.connect(server, account)) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            assertThrows(JetStreamApiException.class, jsm::getAccountStatistics);
            String jwt = accs.jwt(account, n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("limits")).put("mem_storage", -1).put("disk_storage", -1)
                    .put("streams", 3));
            Message m = sys.request("$SYS.REQ.ACCOUNT." + account.publicKey() + ".CLAIMS.UPDATE",
                    jwt.getBytes(StandardCharsets.UTF_8), WAIT);
            assertNotNull(m, "update answered");
            assertTrue(new String(m.getData(), StandardCharsets.UTF_8).contains("jwt updated"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long streams = -2;
            while (streams != 3 && System.nanoTime() < deadline) {
                try {
                    streams = jsm.getAccountStatistics().getLimits().getMaxStreams();
                } catch (JetStreamApiException notYet) {
                    streams = -2;
                }
            }
            assertEquals(3, streams, "JetStream enabled with the new limits");
        }
    }

    @AllTargets
    void streamsOfAnOperatorAccountSurviveARestart(Target target) throws Exception {
        JwtAccounts accs = new JwtAccounts(dir);
        NKey account = accs.account(newAccount(), n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("limits"))
                .put("mem_storage", -1).put("disk_storage", -1));
        String config = accs.config() + "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n";
        try (ServerUnderTest server = target.start(config);
                Connection nc = accs.connect(server, account)) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("KEPT").subjects("kept")
                    .storageType(StorageType.File).build());
            nc.jetStream().publish("kept", "x".getBytes(StandardCharsets.UTF_8));
        }
        try (ServerUnderTest server = target.start(config);
                Connection nc = accs.connect(server, account)) {
            assertEquals(1, nc.jetStreamManagement().getStreamInfo("KEPT").getStreamState().getMsgCount());
        }
    }
}
