package io.natsj.kernel.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.natsj.kernel.NatsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Asks the same questions of natsj and of a real nats-server (skipped when
 * {@code /usr/sbin/nats-server} is absent) and compares the field names, their order and
 * the error texts. The two clients and subscriptions on each side are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsServerComparisonTest {

    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");
    /** /varz fields natsj adds, and the nats-server ones it leaves out (documented in {@link Varz}). */
    private static final Set<String> NATSJ_ONLY_VARZ = Set.of("natsj_version", "java");
    private static final Set<String> NATS_ONLY_VARZ = Set.of("go");

    private NatsServer natsj;
    private Process reference;
    private MonitorHttp ours;
    private MonitorHttp theirs;
    private final List<RawNatsClient> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server not installed");
        natsj = NatsServer.start(ConfigFactory.parseString("port: -1\nhttp_port: -1\nhost: 127.0.0.1"));
        ours = new MonitorHttp(natsj.monitorPort());
        int port = freePort();
        int monitorPort = freePort();
        reference = new ProcessBuilder(NATS_SERVER.toString(), "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-m", Integer.toString(monitorPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        theirs = new MonitorHttp(monitorPort);
        awaitHealthy(theirs);
        populate(natsj.port());
        populate(port);
        closeOne(natsj.port(), ours);
        closeOne(port, theirs);
    }

    /** One connection with subscriptions that has closed, for state=closed. */
    private static void closeOne(int port, MonitorHttp http) throws Exception {
        try (RawNatsClient gone = new RawNatsClient(port, "gone")) {
            gone.sub("cmp.gone", null, "1").sub("cmp.gone.q", "grp", "2").sync();
        }
        http.await("/connz?state=closed", n -> n.get("num_connections").asInt() == 1);
    }

    @AfterAll
    void stop() throws IOException {
        for (RawNatsClient c : clients) {
            c.close();
        }
        if (reference != null) {
            reference.destroy();
        }
        if (natsj != null) {
            natsj.close();
        }
    }

    @Test
    void varzHasNatsServerFieldsInOrder() throws Exception {
        List<String> natsjKeys = MonitorHttp.keys(ours.json("/varz"));
        List<String> natsKeys = MonitorHttp.keys(theirs.json("/varz"));
        List<String> expected = new ArrayList<>(natsKeys);
        expected.removeAll(NATS_ONLY_VARZ);
        List<String> actual = new ArrayList<>(natsjKeys);
        actual.removeAll(NATSJ_ONLY_VARZ);
        assertEquals(expected, actual);
    }

    @Test
    void connzHasNatsServerFieldsInOrder() throws Exception {
        for (String query : List.of("/connz", "/connz?subs=1", "/connz?subs=detail&sort=subs", "/connz?state=closed",
                "/connz?state=closed&subs=detail&auth=1", "/connz?state=closed&sort=stop", "/connz?state=all",
                "/connz?offset=1&limit=1", "/connz?cid=999")) {
            JsonNode a = ours.json(query);
            JsonNode b = theirs.json(query);
            assertEquals(MonitorHttp.keys(b), MonitorHttp.keys(a), query);
            assertEquals(b.get("connections").size(), a.get("connections").size(), query);
            for (int i = 0; i < a.get("connections").size(); i++) {
                JsonNode ca = a.get("connections").get(i);
                JsonNode cb = b.get("connections").get(i);
                assertEquals(MonitorHttp.keys(cb), MonitorHttp.keys(ca), query);
                for (String list : List.of("subscriptions_list_detail")) {
                    if (cb.has(list)) {
                        assertEquals(keySets(cb.get(list)), keySets(ca.get(list)), query);
                    }
                }
            }
        }
    }

    @Test
    void subszHasNatsServerFieldsInOrder() throws Exception {
        assertEquals(MonitorHttp.keys(theirs.json("/subsz")), MonitorHttp.keys(ours.json("/subsz")));
        for (String query : List.of("/subsz?subs=1&test=cmp.one", "/subsz?subs=1&test=cmp.q")) {
            JsonNode a = ours.json(query);
            JsonNode b = theirs.json(query);
            assertEquals(MonitorHttp.keys(b), MonitorHttp.keys(a), query);
            assertEquals(keySets(b.get("subscriptions_list")), keySets(a.get("subscriptions_list")), query);
        }
        assertEquals(MonitorHttp.keys(theirs.json("/subsz?subs=1&test=nobody.here")),
                MonitorHttp.keys(ours.json("/subsz?subs=1&test=nobody.here")));
    }

    @Test
    void sameAnswersToHealthErrorsAndUnknownPaths() throws IOException {
        for (String query : List.of("/healthz", "/healthz?js-enabled-only=true", "/healthz?js-server-only=1",
                "/healthz?js-enabled-only=x", "/connz?sort=nope", "/connz?sort=rtt", "/connz?sort=stop",
                "/connz?sort=reason&state=all", "/connz?state=nope", "/connz?limit=x", "/connz?offset=1.5",
                "/connz?cid=x", "/connz?auth=yes", "/connz?subs=2", "/subsz?subs=x", "/subsz?test=a.%3E",
                "/nope", "/varz/", "/healthz?callback=f")) {
            MonitorHttp.Reply a = ours.get(query);
            MonitorHttp.Reply b = theirs.get(query);
            assertEquals(b.status(), a.status(), query);
            assertEquals(b.body(), a.body(), query);
            assertEquals(b.contentType(), a.contentType(), query);
        }
    }

    private void populate(int port) throws IOException {
        RawNatsClient one = new RawNatsClient(port, "one").sub("cmp.one", null, "1").sub("cmp.q", "grp", "2")
                .unsub("2", 7).sync();
        RawNatsClient two = new RawNatsClient(port, "two").pub("cmp.one", "hi").sync();
        one.sync();
        clients.add(one);
        clients.add(two);
    }

    /** The key lists of the objects in an array, without duplicates, in order. */
    private static Set<List<String>> keySets(JsonNode array) {
        Set<List<String>> sets = new LinkedHashSet<>();
        array.forEach(n -> sets.add(MonitorHttp.keys(n)));
        return sets;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitHealthy(MonitorHttp http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                if (http.get("/healthz").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nats-server did not start", notYet);
                }
            }
            Thread.sleep(10);
        }
    }
}
