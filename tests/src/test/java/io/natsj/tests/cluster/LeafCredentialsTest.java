package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A leaf remote with {@code credentials} (user JWT and seed) joins a hub in operator mode
 * ({@code resolver: MEMORY} with preloaded accounts) without {@code leafnodes.authorization}:
 * the leaf signs the hub's nonce, the hub checks the user JWT as it checks a client's and binds
 * the leaf to the user's account; a user JWT whose {@code allowed_connection_types} leave out
 * {@code LEAFNODE} is refused. natsj and nats-server 2.9.10 in every pairing.
 */
class LeafCredentialsTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    private ClusterNode hub(String kind, Operator op) {
        return run.add(LeafNodeTest.node(kind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }", op.config()));
    }

    private ClusterNode leaf(String kind, ClusterNode hub, Path creds) {
        return run.add(LeafNodeTest.node(kind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"nats-leaf://127.0.0.1:" + hub.leafPort() + "\", credentials: \"" + creds + "\" } ] }", ""));
    }

    private Connection connectWithCreds(ClusterNode node, Path creds) throws Exception {
        return run.keep(Nats.connect(Options.builder().server(node.clientUrl()).noReconnect()
                .connectionTimeout(Duration.ofSeconds(5)).authHandler(Nats.credentials(creds.toString())).build()));
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aLeafWithCredentialsJoinsTheUsersAccount(String hubKind, String leafKind) throws Exception {
        Operator op = new Operator(dir);
        NKey leafUser = NKey.create(NKeyType.USER);
        NKey clientUser = NKey.create(NKeyType.USER);
        ClusterNode h = hub(hubKind, op);
        ClusterNode l = leaf(leafKind, h, op.creds(leafUser, op.userJwt(leafUser, new JwtUtils.UserClaim(null))));
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1,
                () -> "leaf up with credentials:\n" + h.log() + "\n" + l.log());
        assertEquals(op.account.publicKey(), h.monitor("/leafz").path("leafs").path(0).path("account").asText());
        Connection onHub = connectWithCreds(h, op.creds(clientUser, op.userJwt(clientUser,
                new JwtUtils.UserClaim(null))));
        Connection onLeaf = run.connect(l, null);
        onHub.createDispatcher(m -> onHub.publish(m.getReplyTo(), m.getData())).subscribe("hub.svc");
        onLeaf.createDispatcher(m -> onLeaf.publish(m.getReplyTo(), m.getData())).subscribe("leaf.svc");
        onHub.flush(Duration.ofSeconds(5));
        onLeaf.flush(Duration.ofSeconds(5));
        run.await(() -> "x".equals(LeafNodeTest.request(onLeaf, "hub.svc", "x"))
                && "y".equals(LeafNodeTest.request(onHub, "leaf.svc", "y")), () -> "requests across the leaf");
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void aUserNotAllowedAsLeafIsRefused(String hubKind, String leafKind) {
        Operator op = new Operator(dir);
        NKey leafUser = NKey.create(NKeyType.USER);
        JwtUtils.UserClaim clientsOnly = new JwtUtils.UserClaim(null);
        clientsOnly.allowedConnectionTypes = new String[] {"STANDARD"};
        ClusterNode h = hub(hubKind, op);
        ClusterNode l = leaf(leafKind, h, op.creds(leafUser, op.userJwt(leafUser, clientsOnly)));
        run.await(Duration.ofSeconds(10), () -> l.log().contains("Authorization Violation"),
                () -> "refused:\n" + h.log() + "\n" + l.log());
        assertEquals(0, LeafNodeTest.leafCount(h));
        assertEquals(0, LeafNodeTest.leafCount(l));
    }
    /**
     * An account JWT's {@code leaf} limit: with {@code leaf: 1} the second leaf of the account
     * is refused with {@code -ERR 'maximum account active connections exceeded'} (nats-server
     * 2.9.10's {@code maxAccountConnExceeded}), and joins once the first has gone.
     */
    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "nats-server, natsj", "natsj, nats-server"})
    void aLeafOverTheAccountsLeafLimitIsRefused(String hubKind, String leafKind) {
        Operator op = new Operator(dir).account(c -> c.withObject("/nats/limits").put("leaf", 1));
        NKey leafUser = NKey.create(NKeyType.USER);
        Path creds = op.creds(leafUser, op.userJwt(leafUser, new JwtUtils.UserClaim(null)));
        ClusterNode h = hub(hubKind, op);
        ClusterNode first = leaf(leafKind, h, creds);
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(first) == 1,
                () -> "first leaf up:\n" + h.log() + "\n" + first.log());
        ClusterNode second = leaf(leafKind, h, creds);
        run.await(Duration.ofSeconds(10), () -> second.log().contains("maximum account active connections exceeded"),
                () -> "second leaf refused:\n" + h.log() + "\n" + second.log());
        assertEquals(1, LeafNodeTest.leafCount(h));
        assertEquals(0, LeafNodeTest.leafCount(second));
        first.close();
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(second) == 1,
                () -> "second leaf up once the first has gone:\n" + h.log() + "\n" + second.log());
    }

    /**
     * A leaf over WebSocket is a {@code LEAFNODE_WS} connection for a user JWT's
     * {@code allowed_connection_types}, as nats-server 2.9.10 has it: a JWT that allows only
     * {@code LEAFNODE} is refused there, one that allows {@code LEAFNODE_WS} joins.
     */
    @ParameterizedTest(name = "hub {0}, leaf {1}, allowed {2}")
    @CsvSource({"natsj, natsj, LEAFNODE", "nats-server, natsj, LEAFNODE", "natsj, nats-server, LEAFNODE",
        "natsj, natsj, LEAFNODE_WS", "nats-server, natsj, LEAFNODE_WS", "natsj, nats-server, LEAFNODE_WS"})
    void aLeafOverWebSocketIsALeafnodeWsConnection(String hubKind, String leafKind, String allowed) throws Exception {
        Operator op = new Operator(dir);
        NKey leafUser = NKey.create(NKeyType.USER);
        JwtUtils.UserClaim claim = new JwtUtils.UserClaim(null);
        claim.allowedConnectionTypes = new String[] {allowed};
        int wsPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            wsPort = free.getLocalPort();
        }
        ClusterNode h = run.add(LeafNodeTest.node(hubKind, "HUB", "leafnodes { listen: \"127.0.0.1:-1\" }",
                op.config() + "\nwebsocket { host: 127.0.0.1, port: " + wsPort + ", no_tls: true }"));
        Path creds = op.creds(leafUser, op.userJwt(leafUser, claim));
        ClusterNode l = run.add(LeafNodeTest.node(leafKind, "LEAF", "leafnodes { reconnect: 1, remotes: [ { url: "
                + "\"ws://127.0.0.1:" + wsPort + "\", credentials: \"" + creds + "\" } ] }", ""));
        if (allowed.equals("LEAFNODE")) {
            run.await(Duration.ofSeconds(10), () -> l.log().contains("Authorization Violation"),
                    () -> "refused:\n" + h.log() + "\n" + l.log());
            assertEquals(0, LeafNodeTest.leafCount(h));
        } else {
            run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1,
                    () -> "leaf up over WebSocket:\n" + h.log() + "\n" + l.log());
        }
    }
}
