package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.callout.CalloutService;
import io.natsj.tests.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A leaf node joining a natsj hub in operator mode with the creds of a callout account's
 * sentinel user: the hub asks the account's auth callout service (ADR-26) as for a client,
 * with {@code kind: Leafnode}, and binds the leaf to the account the answer's user JWT names
 * ({@code allowed_accounts}). The hub is natsj only (2.9.10 has no callout); the leaf is natsj
 * or nats-server 2.9.10, which need know nothing of the callout.
 */
class LeafCalloutTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "leaf {0}")
    @ValueSource(strings = {"natsj", "nats-server"})
    void aLeafWithTheSentinelIsPlacedWhereTheServiceSays(String leafKind) throws Exception {
        Operator op = new Operator(dir);
        NKey serviceUser = NKey.create(NKeyType.USER);
        NKey sentinel = NKey.create(NKeyType.USER);
        NKey app = NKey.create(NKeyType.ACCOUNT);
        op.account(c -> {
            ObjectNode authorization = ((ObjectNode) c.get("nats")).putObject("authorization");
            authorization.putArray("auth_users").add(serviceUser.publicKey());
            authorization.putArray("allowed_accounts").add(app.publicKey());
        });
        op.account(app, c -> { });
        ClusterNode h = run.add(LeafNodeTest.node("natsj", "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }",
                op.config()));
        Path serviceCreds = op.creds(serviceUser, op.userJwt(serviceUser, new JwtUtils.UserClaim(null)));
        try (CalloutService service = new CalloutService(Options.builder().server(h.clientUrl())
                .authHandler(Nats.credentials(serviceCreds.toString())), null,
                r -> CalloutService.response(op.account, r, CalloutService.userJwt(app, r, app.publicKey(),
                        CalloutService.JSON.createObjectNode()), null))) {
            Path sentinelCreds = op.creds(sentinel, op.userJwt(sentinel,
                    new JwtUtils.UserClaim(null).bearerToken(true), op.account));
            ClusterNode l = run.add(LeafNodeTest.node(leafKind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                    + "\"nats-leaf://127.0.0.1:" + h.leafPort() + "\", credentials: \"" + sentinelCreds + "\" } ] }",
                    ""));
            run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1,
                    () -> "leaf up through the callout:\n" + h.log() + "\n" + l.log());
            assertEquals(app.publicKey(), h.monitor("/leafz").path("leafs").path(0).path("account").asText());
            assertEquals("Leafnode", service.requests.get(0).claims().path("nats").path("client_info")
                    .path("kind").asText());
            NKey appUser = NKey.create(NKeyType.USER);
            Path appCreds = op.creds(appUser, op.userJwt(appUser, new JwtUtils.UserClaim(null), app));
            Connection onHub = run.keep(Nats.connect(Options.builder().server(h.clientUrl()).noReconnect()
                    .connectionTimeout(Duration.ofSeconds(5)).authHandler(Nats.credentials(appCreds.toString()))
                    .build()));
            Connection onLeaf = run.connect(l, null);
            onHub.createDispatcher(m -> onHub.publish(m.getReplyTo(), m.getData())).subscribe("hub.svc");
            onHub.flush(Duration.ofSeconds(5));
            run.await(() -> "x".equals(LeafNodeTest.request(onLeaf, "hub.svc", "x")),
                    () -> "requests from the leaf into APP");
        }
    }
}
