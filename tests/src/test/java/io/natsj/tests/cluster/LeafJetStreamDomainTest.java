package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JetStream domains across a leaf connection, natsj and nats-server 2.9.10 in every pairing:
 * a hub (domain {@code hub}) and a leaf (domain {@code leaf}), each with its own store. A client
 * on either side reaches the other's JetStream through the domain ({@code $JS.<domain>.API},
 * jnats {@code JetStreamOptions.domain}, or the prefix form), creates a stream there, publishes
 * to it (the PubAck names the domain) and reads it back; plain {@code $JS.API} stays on each
 * side (the other side's API counter in /jsz does not move). Once with {@code $G} on both
 * sides, once with the accounts and system account the NATS docs give for leaf nodes with
 * JetStream (a remote for the system account and one for the JetStream account).
 */
class LeafJetStreamDomainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    @TempDir
    Path stores;

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void eachSideReachesTheOthersJetStreamThroughItsDomainAndKeepsItsOwnApi(String hub, String leaf)
            throws Exception {
        ClusterNode h = run.add(ClusterNode.standalone(hub, "HUB", jetStream("hub")
                + "leafnodes { listen: \"127.0.0.1:-1\" }\n"));
        ClusterNode l = run.add(ClusterNode.standalone(leaf, "LEAF", jetStream("leaf")
                + "leafnodes { reconnect: 1, remotes: [ { url: \"nats-leaf://127.0.0.1:" + h.leafPort() + "\" } ] }\n"));
        run.await(() -> LeafNodeTest.leafCount(h) == 1 && LeafNodeTest.leafCount(l) == 1);
        exercise(h, l, run.connect(h, null), run.connect(l, null));
    }

    @ParameterizedTest(name = "hub {0}, leaf {1}")
    @CsvSource({"natsj, natsj", "natsj, nats-server", "nats-server, natsj"})
    void theDocsSetUpWithAccountsAndTheSystemAccount(String hub, String leaf) throws Exception {
        ClusterNode h = run.add(ClusterNode.standalone(hub, "HUB", accounts() + jetStream("hub") + """
                leafnodes {
                  listen: "127.0.0.1:-1"
                  authorization { users: [
                    { user: admin, password: admin, account: SYS }
                    { user: acc, password: acc, account: ACC }
                  ] }
                }
                """));
        String url = "nats-leaf://%s:%s@127.0.0.1:" + h.leafPort();
        ClusterNode l = run.add(ClusterNode.standalone(leaf, "LEAF", accounts() + jetStream("leaf")
                + "leafnodes { reconnect: 1, remotes: [ { url: \"" + url.formatted("admin", "admin")
                + "\", account: SYS }, { url: \"" + url.formatted("acc", "acc") + "\", account: ACC } ] }\n"));
        run.await(() -> LeafNodeTest.leafCount(h) == 2 && LeafNodeTest.leafCount(l) == 2);
        exercise(h, l, run.connect(h, "acc"), run.connect(l, "acc"));
    }

    private void exercise(ClusterNode h, ClusterNode l, Connection onHub, Connection onLeaf) throws Exception {
        awaitDomain(onHub, "leaf");
        awaitDomain(onLeaf, "hub");
        streamThroughDomain(onHub, JetStreamOptions.builder().domain("leaf"), "ON_LEAF", "leafs", "leaf");
        streamThroughDomain(onLeaf, JetStreamOptions.builder().domain("hub"), "ON_HUB", "hubs", "hub");
        // The prefix form reaches the same API.
        JetStreamManagement prefixed = onHub.jetStreamManagement(JetStreamOptions.builder()
                .prefix("$JS.leaf.API").requestTimeout(TIMEOUT).build());
        assertEquals(List.of("ON_LEAF"), prefixed.getStreamNames());
        assertEquals("leaf", prefixed.getAccountStatistics().getDomain());

        keyValueThroughDomain(onHub, "leaf");

        staysLocal(onHub, h, l, "hub", "ON_HUB");
        staysLocal(onLeaf, l, h, "leaf", "ON_LEAF");
    }

    /** Creates a stream on the other side through its domain, publishes to it and reads it back. */
    private static void streamThroughDomain(Connection c, JetStreamOptions.Builder options, String stream,
            String subject, String domain) throws Exception {
        JetStreamOptions o = options.requestTimeout(TIMEOUT).build();
        JetStreamManagement jsm = c.jetStreamManagement(o);
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject + ".>")
                .storageType(StorageType.File).build());
        JetStream js = c.jetStream(o);
        for (int i = 1; i <= 3; i++) {
            PublishAck ack = js.publish(subject + "." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
            assertEquals(stream, ack.getStream());
            assertEquals(i, ack.getSeqno());
            assertEquals(domain, ack.getDomain());
        }
        MessageInfo m = jsm.getMessage(stream, 2);
        assertEquals(subject + ".2", m.getSubject());
        assertEquals("m2", new String(m.getData(), StandardCharsets.UTF_8));
        assertEquals(3, jsm.getStreamInfo(stream).getStreamState().getMsgCount());
        assertEquals(domain, jsm.getAccountStatistics().getDomain());
    }

    /**
     * A Key/Value bucket on the other side: puts go to {@code $JS.<domain>.API.$KV.<bucket>.<key>},
     * which that side maps to {@code $KV.<bucket>.<key>} as nats-server's domain mapping does.
     */
    private static void keyValueThroughDomain(Connection c, String domain) throws Exception {
        KeyValueOptions o = KeyValueOptions.builder().jsDomain(domain)
                .jetStreamOptions(JetStreamOptions.builder().domain(domain).requestTimeout(TIMEOUT).build()).build();
        c.keyValueManagement(o).create(KeyValueConfiguration.builder().name("B").storageType(StorageType.File).build());
        KeyValue kv = c.keyValue("B", o);
        assertEquals(1, kv.put("k", "v1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, kv.put("k", "v2".getBytes(StandardCharsets.UTF_8)));
        assertEquals("v2", new String(kv.get("k").getValue(), StandardCharsets.UTF_8));
        // Removed again so that each side's plain stream list stays one stream.
        c.keyValueManagement(o).delete("B");
    }

    /**
     * Plain {@code $JS.API} requests are answered by the client's own server only: the other
     * side's API counter moves by exactly the one domain request sent after them over the same
     * leaf connection (which it answers in order, so a leaked request would have been counted).
     */
    private void staysLocal(Connection c, ClusterNode own, ClusterNode other, String ownDomain, String ownStream)
            throws Exception {
        long before = apiTotal(other);
        JetStreamManagement plain = c.jetStreamManagement(JetStreamOptions.builder().requestTimeout(TIMEOUT).build());
        for (int i = 0; i < 5; i++) {
            assertEquals(ownDomain, plain.getAccountStatistics().getDomain());
            assertEquals(List.of(ownStream), plain.getStreamNames());
        }
        String otherDomain = ownDomain.equals("hub") ? "leaf" : "hub";
        c.jetStreamManagement(JetStreamOptions.builder().domain(otherDomain).requestTimeout(TIMEOUT).build())
                .getAccountStatistics();
        run.await(() -> apiTotal(other) >= before + 1, () -> other + " answered the domain request");
        assertEquals(before + 1, apiTotal(other), "requests " + other + " answered");
    }

    private static long apiTotal(ClusterNode n) {
        return n.monitor("/jsz").path("api").path("total").asLong();
    }

    /** Waits until the other side's domain API answers (its interest has crossed the leaf connection). */
    private void awaitDomain(Connection c, String domain) throws IOException {
        JetStreamManagement jsm = c.jetStreamManagement(JetStreamOptions.builder().domain(domain)
                .requestTimeout(Duration.ofMillis(500)).build());
        run.await(() -> {
            try {
                return domain.equals(jsm.getAccountStatistics().getDomain());
            } catch (IOException | JetStreamApiException e) {
                return false;
            }
        }, () -> "the " + domain + " domain answers across the leaf connection");
    }

    private String jetStream(String domain) {
        return "jetstream { store_dir: \"" + stores.resolve(domain) + "\", domain: " + domain + " }\n";
    }

    private static String accounts() {
        return """
                accounts {
                  SYS: { users: [ { user: admin, password: admin } ] }
                  ACC: { users: [ { user: acc, password: acc } ], jetstream: enabled }
                }
                system_account: SYS
                """;
    }
}
