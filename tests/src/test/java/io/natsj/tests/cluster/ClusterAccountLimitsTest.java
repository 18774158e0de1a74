package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.tests.operator.Operator;
import io.natsj.tests.support.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An account JWT's {@code conn} and {@code leaf} limits count the whole cluster, as
 * nats-server 2.9.10 counts them: each server reports an account's connections in the system
 * account ({@code $SYS.SERVER.ACCOUNT.<acc>.CONNS}) and adds its peers' reports to its own
 * count when it admits a client or a leaf. Two operator-mode servers A and B, natsj and
 * nats-server 2.9.10 in every pairing; a system account user on B watches A's reports
 * ({@code $SYS.ACCOUNT.<acc>.SERVER.CONNS}), so the test knows when B has heard them.
 */
class ClusterAccountLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path dir;

    private Operator op;
    private ClusterNode hubA;
    private ClusterNode hubB;
    private Subscription reports;

    /** A and B routed, leaf-node listeners on both, a client of the account on B, B's reports watched. */
    private void cluster(String a, String b, Operator operator) throws Exception {
        op = operator;
        String top = "leafnodes { listen: \"127.0.0.1:-1\" }\n" + op.config();
        hubA = run.add(a.equals("natsj") ? ClusterNode.natsj("A", List.of(), "name: HUB", top)
                : ClusterNode.go("A", List.of(), "name: HUB", top));
        hubB = run.add(b.equals("natsj") ? ClusterNode.natsj("B", List.of(hubA.routeUrl()), "name: HUB", top)
                : ClusterNode.go("B", List.of(hubA.routeUrl()), "name: HUB", top));
        run.await(() -> hubA.routeIds().size() == 1 && hubB.routeIds().size() == 1, () -> "A and B routed");
        NKey sysUser = NKey.create(NKeyType.USER);
        Path sysCreds = op.creds(sysUser, op.userJwt(sysUser, new JwtUtils.UserClaim(null), op.system()));
        Connection sysB = connect(hubB, sysCreds);
        Connection sysA = connect(hubA, sysCreds);
        String subject = "$SYS.ACCOUNT." + op.account.publicKey() + ".SERVER.CONNS";
        reports = sysB.subscribe(subject);
        sysB.flush(WAIT);
        // Until a probe from A arrives, B's interest may not have reached A.
        run.await(() -> {
            sysA.publish(subject, "{}".getBytes(StandardCharsets.UTF_8));
            return next(Duration.ofMillis(200)) != null;
        }, () -> "B's subscription known on A");
    }

    private Connection connect(ClusterNode node, Path creds) throws Exception {
        return run.keep(Nats.connect(Options.builder().server(node.clientUrl()).noReconnect()
                .connectionTimeout(WAIT).authHandler(Nats.credentials(creds.toString())).build()));
    }

    private Path userCreds() {
        NKey user = NKey.create(NKeyType.USER);
        return op.creds(user, op.userJwt(user, new JwtUtils.UserClaim(null)));
    }

    private Message next(Duration within) {
        try {
            return reports.nextMessage(within);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until B has seen A report the account with these counts. */
    private void awaitReportFromA(int conns, int leafnodes) {
        String aId = hubA.serverId();
        run.await(Duration.ofSeconds(10), () -> {
            Message m = next(Duration.ofMillis(200));
            if (m == null) {
                return false;
            }
            try {
                JsonNode e = JSON.readTree(m.getData());
                return e.path("server").path("id").asText().equals(aId) && e.path("conns").asInt(-1) == conns
                        && e.path("leafnodes").asInt(-1) == leafnodes;
            } catch (java.io.IOException ex) {
                return false;
            }
        }, () -> "A's report of " + conns + " clients and " + leafnodes + " leaves, heard on B");
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj", "nats-server, nats-server"})
    void aClientOverTheAccountsLimitInTheClusterIsRefused(String a, String b) throws Exception {
        cluster(a, b, new Operator(dir).account(c -> c.withObject("/nats/limits").put("conn", 2)));
        Path creds = userCreds();
        connect(hubB, creds);
        Connection onA = connect(hubA, creds);
        awaitReportFromA(1, 0);
        NKey user = NKey.create(NKeyType.USER);
        String jwt = op.userJwt(user, new JwtUtils.UserClaim(null));
        try (RawClient third = RawClient.open(hubB.clientPort(), 0)) {
            third.send("CONNECT " + connect(jwt, user, third.info()) + "\r\nPING\r\n");
            third.expectClosedAfter("-ERR 'maximum account active connections exceeded'\r\n");
        }
        onA.close();
        awaitReportFromA(0, 0);
        try (RawClient third = RawClient.open(hubB.clientPort(), 0)) {
            third.send("CONNECT " + connect(jwt, user, third.info()) + "\r\nPING\r\n");
            third.expectLine("PONG");
        }
    }

    @ParameterizedTest(name = "A {0}, B {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj", "nats-server, nats-server"})
    void aLeafOverTheAccountsLimitInTheClusterIsRefused(String a, String b) throws Exception {
        cluster(a, b, new Operator(dir).account(c -> c.withObject("/nats/limits").put("leaf", 1)));
        connect(hubB, userCreds());
        ClusterNode first = run.add(leaf("LEAF1", hubA));
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(hubA) == 1 && LeafNodeTest.leafCount(first) == 1,
                () -> "first leaf up on A:\n" + hubA.log() + "\n" + first.log());
        awaitReportFromA(0, 1);
        ClusterNode second = run.add(leaf("LEAF2", hubB));
        run.await(Duration.ofSeconds(10), () -> second.log().contains("maximum account active connections exceeded"),
                () -> "second leaf refused by B:\n" + hubB.log() + "\n" + second.log());
        // Refused at its CONNECT, not admitted and then evicted (which also ends in that error).
        assertFalse(second.log().contains("registered for account"), second::log);
        assertEquals(0, LeafNodeTest.leafCount(hubB));
        assertEquals(1, LeafNodeTest.leafCount(hubA));
        assertFalse(first.log().contains("maximum account active connections exceeded"), first::log);
        first.close();
        // B now counts no leaf on A; the second leaf redials and joins B, or A (listed in B's INFO).
        run.await(Duration.ofSeconds(15), () -> LeafNodeTest.leafCount(second) == 1
                && LeafNodeTest.leafCount(hubA) + LeafNodeTest.leafCount(hubB) == 1,
                () -> "second leaf up once the first has gone:\n" + hubB.log() + "\n" + second.log());
    }

    private ClusterNode leaf(String name, ClusterNode hub) {
        return LeafNodeTest.node("natsj", name, "leafnodes { reconnect: 1, remotes: [ { url: \"nats-leaf://127.0.0.1:"
                + hub.leafPort() + "\", credentials: \"" + userCreds() + "\" } ] }", "");
    }

    /** A CONNECT with the user's JWT and its signature of the INFO's nonce. */
    private static String connect(String jwt, NKey user, String info) throws Exception {
        String nonce = JSON.readTree(info.substring(5)).path("nonce").asText();
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(
                user.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
        return JSON.createObjectNode().put("verbose", false).put("pedantic", false).put("jwt", jwt)
                .put("sig", sig).toString();
    }
}
