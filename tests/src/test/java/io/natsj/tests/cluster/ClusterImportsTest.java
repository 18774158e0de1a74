package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsj.tests.support.ServerProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imports across a cluster: the exporter's responder and publisher on one server, the
 * importer on another. The request crosses into the exporting account on the importer's
 * server and travels by route; the response comes back over the route to the {@code _R_}
 * subscription and from there to the requester's inbox.
 */
class ClusterImportsTest {

    private static final String ACCOUNTS = """
            accounts {
              A: {
                users: [ {user: a, password: a} ]
                exports: [ {service: "svc.time"}, {stream: "feed.>"} ]
              }
              B: {
                users: [ {user: b, password: b} ]
                imports: [
                  {service: {account: A, subject: "svc.time"}, to: "time"}
                  {stream: {account: A, subject: "feed.>"}, prefix: "a"}
                ]
              }
            }
            """;

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    /** natsj with natsj, and natsj importing from nats-server 2.9.10's exporter. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void serviceAndStreamImportsCrossRoutes(boolean exporterIsNatsServer) throws Exception {
        if (exporterIsNatsServer) {
            assumeTrue(Files.isExecutable(ClusterNode.GO_BINARY), "nats-server not installed");
        }
        ClusterNode exporterSide = exporterIsNatsServer
                ? ClusterNode.go("X", List.of(), "", ACCOUNTS) : ClusterNode.natsj("X", List.of(), "", ACCOUNTS);
        run.add(exporterSide);
        ClusterNode importerSide = ClusterNode.natsj("I", List.of(exporterSide.routeUrl()), "", ACCOUNTS);
        run.add(importerSide);
        run.await(() -> importerSide.routeIds().size() == 1 && exporterSide.routeIds().size() == 1);

        Connection a = run.connect(exporterSide, "a");
        Connection b = run.connect(importerSide, "b");
        a.createDispatcher(m -> a.publish(m.getReplyTo(), "noon".getBytes(StandardCharsets.UTF_8))).subscribe("svc.time");
        a.flush(ClusterRun.WAIT);
        Subscription feed = b.subscribe("a.feed.>");
        b.flush(ClusterRun.WAIT);

        // Interest travels asynchronously: ask until the responder's interest has arrived.
        Message reply = null;
        long deadline = System.nanoTime() + ClusterRun.WAIT.toNanos();
        while (reply == null && System.nanoTime() < deadline) {
            try {
                reply = b.request("time", new byte[0], Duration.ofMillis(500));
            } catch (RuntimeException noRespondersYet) {
                ServerProcesses.sleepBriefly();
            }
        }
        assertNotNull(reply, "no reply across the route");
        assertEquals("noon", new String(reply.getData(), StandardCharsets.UTF_8));

        Message item = null;
        deadline = System.nanoTime() + ClusterRun.WAIT.toNanos();
        while (item == null && System.nanoTime() < deadline) {
            a.publish("feed.news", "extra".getBytes(StandardCharsets.UTF_8));
            item = feed.nextMessage(Duration.ofMillis(200));
        }
        assertNotNull(item, "the stream import never delivered across the route");
        assertEquals("a.feed.news", item.getSubject());
    }

}
