package io.natsj.tests.cluster;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streams of an operator-mode account run from start-up, as nats-server 2.9.10 runs them
 * (it looks up every account its JetStream store directory names): after a restart /jsz
 * counts the account's stream and its message before any user of the account connects.
 */
class OperatorJetStreamStartupTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"natsj", "nats-server"})
    void streamsOfAJwtAccountAreOpenedAtStartUp(String kind) throws Exception {
        Operator op = new Operator(dir).account(c -> c.withObject("/nats/limits")
                .put("mem_storage", -1).put("disk_storage", -1));
        String config = op.config() + "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n";
        NKey user = NKey.create(NKeyType.USER);
        Path creds = op.creds(user, op.userJwt(user, new JwtUtils.UserClaim(null)));
        ClusterNode first = run.add(ClusterNode.standalone(kind, "S", config));
        try (Connection nc = Nats.connect(Options.builder().server(first.clientUrl()).noReconnect()
                .connectionTimeout(Duration.ofSeconds(5)).authHandler(Nats.credentials(creds.toString())).build())) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("KEPT").subjects("kept")
                    .storageType(StorageType.File).build());
            nc.jetStream().publish("kept", "x".getBytes(StandardCharsets.UTF_8));
        }
        first.close();
        ClusterNode second = run.add(ClusterNode.standalone(kind, "S", config));
        run.await(() -> second.monitor("/jsz").path("streams").asInt() == 1
                && second.monitor("/jsz").path("messages").asInt() == 1,
                () -> "the stream open with no user connected: " + second.monitor("/jsz") + "\n" + second.log());
    }
}
